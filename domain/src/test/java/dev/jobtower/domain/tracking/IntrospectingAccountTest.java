package dev.jobtower.domain.tracking;

import dev.jobtower.domain.connection.Connection;
import dev.jobtower.domain.connection.Quota;
import dev.jobtower.domain.job.Provider;
import dev.jobtower.domain.job.TenantId;
import dev.jobtower.domain.provider.AccountInfo;
import dev.jobtower.domain.provider.FailureCategory;
import dev.jobtower.domain.provider.VendorUnavailable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IntrospectingAccountTest {
    private final UseCaseFixture f = new UseCaseFixture();
    private final IntrospectingAccount introspecting = new IntrospectingAccount(f.connections, f.providers);
    private final TenantId tenant = f.tenant();
    private final Connection finch = f.connection(tenant, Provider.of("finch"));
    private final UseCaseFixture.ScriptedVendor vendor = f.vendor(Provider.of("finch"));

    private Connection stored() {
        return f.connections.find(tenant, finch.id()).orElseThrow();
    }

    @Test
    void the_vendors_account_id_and_quota_are_kept() {
        Quota quota = new Quota(10, 7, null);
        vendor.account = new AccountInfo("acct-42", quota);
        assertEquals("acct-42", introspecting.introspect(finch).vendorConnectionId());
        assertEquals("acct-42", stored().vendorConnectionId());
        assertEquals(quota, stored().quota());
    }

    @Test
    void what_the_vendor_leaves_out_keeps_its_stored_value() {
        vendor.account = new AccountInfo("acct-42", new Quota(10, 7, null));
        introspecting.introspect(finch);
        vendor.account = AccountInfo.none();
        introspecting.introspect(stored());
        assertEquals("acct-42", stored().vendorConnectionId());
        assertEquals(7, stored().quota().remainingRefreshes());
    }

    @Test
    void a_vendor_that_cannot_be_asked_changes_nothing() {
        vendor.readFailure = () -> VendorUnavailable.of(FailureCategory.TIMEOUT, (Integer) null);
        assertThrows(VendorUnavailable.class, () -> introspecting.introspect(finch));
        assertNull(stored().vendorConnectionId());
    }

    @Test
    void a_deleted_connection_is_not_asked_about() {
        f.connections.delete(tenant, finch.id());
        assertThrows(UnknownConnection.class, () -> introspecting.introspect(finch));
        assertEquals(0, vendor.calls.stream().filter("introspect"::equals).count());
    }
}
