package dev.jobtower.app.jobs.api;

import dev.jobtower.app.web.ApiDocs;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The job filters of {@link JobFilterParser} (list, stats, event stream, and any endpoint taking "the list's
 * filters"), declared once for the OpenAPI document: put it on the controller method. Each refers to
 * {@code components.parameters} in {@code app/src/main/openapi/components.yml}, where its schema is written.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Parameter(name = "provider", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "provider")
@Parameter(name = "status", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "status")
@Parameter(name = "statusReason", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "statusReason")
@Parameter(name = "type", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "type")
@Parameter(name = "connectionId", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "connectionId")
@Parameter(name = "externalId", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "externalId")
@Parameter(name = "createdAfter", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "createdAfter")
@Parameter(name = "createdBefore", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "createdBefore")
@Parameter(name = "updatedAfter", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "updatedAfter")
@Parameter(name = "updatedBefore", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "updatedBefore")
@Parameter(name = "q", in = ParameterIn.QUERY, ref = ApiDocs.PARAMETERS + "q")
public @interface JobFilterParameters {
}
