package dev.jobtower.domain.provider;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What demo mode needs from a vendor's adapter: the account it connects to the adapter's simulator, and the
 * moves that keep jobs coming there. The app runs the moves of all vendors in turn; a move asks the simulator
 * only what a user would read off the vendor's dashboard and starts jobs through Jobtower's own use cases.
 */
public interface VendorDemo {

    /** The demo connection's name, e.g. {@code Demo payroll (Finch)}. */
    String connectionName();

    /** The credential the demo connection holds (the simulators take any; this one says what it is in their logs). */
    String token();

    /** A fresh webhook secret in the vendor's format (the adapter checks it when the connection is made). */
    String newWebhookSecret();

    /** Tells the simulator where the connection's webhooks go. */
    void registerWebhook(String token, URI url, String secret);

    /** Moves made once when demo mode starts (after one turn of everybody's moves). */
    default List<Move> opening() {
        return List.of();
    }

    /** Moves made in turn, one every demo interval, interleaved with the other vendors' moves. */
    List<Move> moves();

    /**
     * One demo action.
     *
     * @param description what it does, for the log ({@code start a Finch data sync})
     * @param action      what it does
     */
    record Move(String description, Action action) {
    }

    /** A demo action: {@code round} counts how often this move was made before (to vary its choices). */
    @FunctionalInterface
    interface Action {
        void run(String token, int round, Jobs jobs);
    }

    /** Jobtower's use cases, as the demo connection's user calls them. */
    interface Jobs {
        void enqueue(String type, Map<String, Object> params);

        void track(String externalId);
    }
}
