package io.zapsocket.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Sealing and opening envelopes: round trips, the exact format, rotation, and every way an envelope fails. */
class PayloadCipherTest {
    static final byte[] K1 = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final byte[] K2 = RoomKeyring.generateKey();

    final RoomKeyring keys = new RoomKeyring().add("room", "k1", K1);
    final PayloadCipher cipher = new PayloadCipher(keys);

    record Note(String text, int n) {
    }

    @Test
    void jsonAndBinaryValuesRoundTrip() {
        Object value = Map.of("text", "héllo", "list", List.of(1, true), "nothing", Map.of());
        assertThat(cipher.open("room", cipher.seal("room", value))).isEqualTo(value);
        assertThat(cipher.open("room", cipher.seal("room", "just a string"))).isEqualTo("just a string");
        assertThat((byte[]) cipher.open("room", cipher.seal("room", new byte[] {1, 2, 3}))).containsExactly(1, 2, 3);
        assertThat(cipher.open("room", cipher.seal("room", new Note("n", 7)), Note.class)).isEqualTo(new Note("n", 7));
    }

    @Test
    void theEnvelopeIsAesGcmOverTheJsonTextWithTheDocumentedAdditionalData() throws Exception {
        Map<String, Object> env = cipher.seal("room", Map.of("a", 1));

        assertThat(env).containsOnlyKeys("zap-e2e", "kid", "t", "iv", "ct").containsEntry("zap-e2e", 1)
                .containsEntry("kid", "k1").containsEntry("t", "json");
        assertThat((byte[]) env.get("iv")).hasSize(12);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(K1, "AES"), new GCMParameterSpec(128, (byte[]) env.get("iv")));
        c.updateAAD("zap-e2e/1\nroom\nk1\njson".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(c.doFinal((byte[]) env.get("ct")), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void everySealUsesAFreshIv() {
        assertThat((byte[]) cipher.seal("room", 1).get("iv")).isNotEqualTo(cipher.seal("room", 1).get("iv"));
    }

    @Test
    void rotationSealsWithTheNewKeyAndStillOpensTheOldUntilRemoved() {
        Map<String, Object> old = cipher.seal("room", "before");
        keys.add("room", "k2", K2);
        Map<String, Object> fresh = cipher.seal("room", "after");

        assertThat(fresh.get("kid")).isEqualTo("k2");
        assertThat(cipher.open("room", old)).isEqualTo("before");
        keys.remove("room", "k1");
        assertThat(cipher.open("room", fresh)).isEqualTo("after");
        assertThatThrownBy(() -> cipher.open("room", old)).isInstanceOfSatisfying(E2eException.class,
                e -> assertThat(e.reason()).isEqualTo(E2eException.Reason.UNKNOWN_KEY));
    }

    @Test
    void anyAlteredBitIsDetected() {
        Map<String, Object> env = cipher.seal("room", Map.of("amount", 100));
        byte[] ct = (byte[]) env.get("ct");
        for (int i = 0; i < ct.length * 8; i += 7) {
            byte[] bad = ct.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            Map<String, Object> tampered = new HashMap<>(env);
            tampered.put("ct", bad);
            assertTampered(() -> cipher.open("room", tampered));
        }
        byte[] iv = ((byte[]) env.get("iv")).clone();
        iv[0] ^= 1;
        Map<String, Object> badIv = new HashMap<>(env);
        badIv.put("iv", iv);
        assertTampered(() -> cipher.open("room", badIv));
    }

    @Test
    void anEnvelopeMovedToAnotherRoomKeyIdOrTypeDoesNotOpen() {
        keys.add("other", "k1", K1); // same key bytes and id in another room
        Map<String, Object> env = cipher.seal("room", "for room only");
        assertTampered(() -> cipher.open("other", env));

        keys.add("room", "k1-copy", K1);
        Map<String, Object> relabelled = new HashMap<>(env);
        relabelled.put("kid", "k1-copy");
        assertTampered(() -> cipher.open("room", relabelled));

        Map<String, Object> retyped = new HashMap<>(env);
        retyped.put("t", "bin");
        assertTampered(() -> cipher.open("room", retyped));
    }

    @Test
    void malformedEnvelopesAndMissingKeysAreTyped() {
        Map<String, Object> env = cipher.seal("room", 1);
        for (String field : List.of("zap-e2e", "kid", "t", "iv", "ct")) {
            Map<String, Object> broken = new HashMap<>(env);
            broken.remove(field);
            assertReason(() -> cipher.open("room", broken), E2eException.Reason.MALFORMED);
        }
        Map<String, Object> v2 = new HashMap<>(env);
        v2.put("zap-e2e", 2);
        assertReason(() -> cipher.open("room", v2), E2eException.Reason.MALFORMED);
        Map<String, Object> shortIv = new HashMap<>(env);
        shortIv.put("iv", new byte[8]);
        assertReason(() -> cipher.open("room", shortIv), E2eException.Reason.MALFORMED);
        assertReason(() -> cipher.open("room", "plain text"), E2eException.Reason.MALFORMED);
        assertReason(() -> cipher.open("room", null), E2eException.Reason.MALFORMED);
        assertReason(() -> cipher.seal("no-key-room", 1), E2eException.Reason.UNKNOWN_KEY);
        assertReason(() -> cipher.open("no-key-room", env), E2eException.Reason.UNKNOWN_KEY);
        assertThat(PayloadCipher.isEnvelope(env)).isTrue();
        assertThat(PayloadCipher.isEnvelope(Map.of("text", "x"))).isFalse();
    }

    @Test
    void keysAreCheckedAndNeverPrinted() {
        assertThatThrownBy(() -> keys.add("r", "k", new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.add("r", "", K1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(keys.toString()).doesNotContain(HexFormat.of().formatHex(K1));
        byte[] given = K2.clone();
        keys.add("copy", "k", given);
        given[0] ^= 1; // the keyring copied it
        Map<String, Object> env = cipher.seal("copy", "x");
        assertThat(cipher.open("copy", env)).isEqualTo("x");
    }

    private static void assertTampered(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertReason(call, E2eException.Reason.TAMPERED);
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
            E2eException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(E2eException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
