package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Rooms, {@code except}, {@code socket.broadcast}. Absence is asserted after an ordering barrier: the same sender
 * then emits a {@code marker} that the excluded client does receive; the server handles one socket's packets in order,
 * so once the marker is there, the earlier emission would have been there too.
 */
public abstract class RoomContract extends InteropContract {

    private DriverClient member(String name) {
        return connected(client(name).subscribe("news", "marker"));
    }

    private static void join(DriverClient c, String room) {
        c.request("join", room);
    }

    /** {@code sender} makes the server emit {@code marker} to {@code target}'s own room; waits until it arrived. */
    private static void barrier(DriverClient sender, DriverClient target, String targetId) {
        sender.request("to-room", targetId, "marker", sender.name());
        target.awaitMessage("marker");
    }

    @Test
    void roomEmissionReachesMembersOnly() {
        DriverClient a = member("a");
        DriverClient b = member("b");
        DriverClient outsider = member("outsider");
        String outsiderId = outsider.state().path("id").asText();
        join(a, "r1");
        join(b, "r1");

        outsider.request("to-room", "r1", "news", 1, "for r1");

        assertThat(a.awaitMessage("news").args()).isEqualTo(Json.array(1, "for r1"));
        assertThat(b.awaitMessage("news").args()).isEqualTo(Json.array(1, "for r1"));
        barrier(outsider, outsider, outsiderId);
        outsider.assertNoMessage("news");
    }

    @Test
    void exceptExcludesTheMembersOfAnotherRoom() {
        DriverClient a = member("a");
        DriverClient vip = member("vip");
        String vipId = vip.state().path("id").asText();
        join(a, "r1");
        join(vip, "r1");
        join(vip, "vips");

        a.request("to-room-except", "r1", "vips", "news", "not for vips");

        assertThat(a.awaitMessage("news").args()).isEqualTo(Json.array("not for vips"));
        barrier(a, vip, vipId);
        vip.assertNoMessage("news");
    }

    @Test
    void leftRoomNoLongerReceives() {
        DriverClient a = member("a");
        DriverClient b = member("b");
        String aId = a.state().path("id").asText();
        join(a, "r1");
        join(b, "r1");
        a.request("leave", "r1");

        b.request("to-room", "r1", "news", "after leave");

        assertThat(b.awaitMessage("news").args()).isEqualTo(Json.array("after leave"));
        barrier(b, a, aId);
        a.assertNoMessage("news");
    }

    @Test
    void broadcastReachesEveryoneButTheSender() {
        DriverClient sender = member("sender");
        DriverClient b = member("b");
        DriverClient c = member("c");
        String senderId = sender.state().path("id").asText();

        sender.request("broadcast", "news", "hello all");

        assertThat(b.awaitMessage("news").args()).isEqualTo(Json.array("hello all"));
        assertThat(c.awaitMessage("news").args()).isEqualTo(Json.array("hello all"));
        barrier(sender, sender, senderId);
        sender.assertNoMessage("news");
    }

    @Test
    void roomsListsTheOwnIdFirstThenJoinedRooms() {
        DriverClient a = member("a");
        String id = a.state().path("id").asText();
        join(a, "r1");
        join(a, "r2");
        a.request("leave", "r1");

        assertThat(a.request("rooms")).isEqualTo(Json.array((Object) new String[] {id, "r2"}));
    }

    @Test
    void countReportsTheConnectedSocketsOfTheMainNamespace() {
        DriverClient a = member("a");
        DriverClient b = member("b");

        // Sockets of earlier tests may still be closing on the server: poll until the count settles.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(a.request("count")).isEqualTo(Json.array(2)));
        b.disconnect();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(a.request("count")).isEqualTo(Json.array(1)));
    }
}
