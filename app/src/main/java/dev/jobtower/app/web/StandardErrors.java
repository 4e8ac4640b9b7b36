package dev.jobtower.app.web;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The errors every authenticated API operation can answer, for the OpenAPI document: 400 (bad or unknown
 * query parameter), 401 (missing, wrong or revoked key), 429 (rate limited) and 503 (database unavailable,
 * query timeout). Put it on each controller method next to its own {@code @ApiResponse}s (404, 409, 502...).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
@ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
@ApiResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
@ApiResponse(responseCode = "503", ref = ApiDocs.SERVICE_UNAVAILABLE)
public @interface StandardErrors {
}
