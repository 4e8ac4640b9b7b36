package dev.jobtower.app.sync;

import dev.jobtower.domain.job.ConnectionId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The room each connection has for more work in hand, as a fair claim's SQL takes it (the poller's
 * {@link PollQueue} and the webhook inbox): the connections with none, to skip ({@code uuid[]}); the others
 * listed, with their rooms ({@code uuid[]} and {@code text[]} of numbers, read back as {@code int[]}).
 */
public record ClaimRooms(UUID[] skipped, UUID[] limited, String[] rooms) {

    public static ClaimRooms of(Map<ConnectionId, Integer> rooms) {
        List<UUID> skip = new ArrayList<>();
        List<UUID> limited = new ArrayList<>();
        List<String> room = new ArrayList<>();
        rooms.forEach((connection, r) -> {
            if (r <= 0) {
                skip.add(connection.value());
            } else {
                limited.add(connection.value());
                room.add(Integer.toString(r));
            }
        });
        return new ClaimRooms(skip.toArray(UUID[]::new), limited.toArray(UUID[]::new), room.toArray(String[]::new));
    }
}
