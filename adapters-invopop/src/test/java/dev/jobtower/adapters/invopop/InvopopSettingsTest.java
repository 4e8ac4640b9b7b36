package dev.jobtower.adapters.invopop;

import dev.jobtower.domain.provider.DiscoveryScope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** The {@code jobtower.invopop.*} settings reach the provider. */
class InvopopSettingsTest {

    @Test
    void discovery_page_size_and_workflow_name_ttl_are_configurable() {
        try (InvopopVendor vendor = InvopopVendor.start("2s", Map.of(
                "jobtower.invopop.discovery-page-size", "7",
                "jobtower.invopop.workflow-name-ttl", "0s"))) {
            String id = vendor.givenJob(TransformJobs.aJob().running().build());
            vendor.provider.discover(vendor.account, new DiscoveryScope(Instant.EPOCH, Set.of(), 1000));
            vendor.wm.verify(getRequestedFor(urlEqualTo("/transform/v1/jobs?limit=7")));
            vendor.provider.fetch(vendor.account, id);
            vendor.wm.verify(2, getRequestedFor(urlPathEqualTo("/transform/v1/workflows/" + TransformJobs.WORKFLOW_ID)));
        }
    }

    @Test
    void a_page_size_above_the_vendors_maximum_is_capped() {
        try (InvopopVendor vendor = InvopopVendor.start("2s", Map.of("jobtower.invopop.discovery-page-size", "500"))) {
            vendor.provider.discover(vendor.account, new DiscoveryScope(Instant.EPOCH, Set.of(), 1000));
            vendor.wm.verify(getRequestedFor(urlEqualTo("/transform/v1/jobs?limit=100")));
        }
    }
}
