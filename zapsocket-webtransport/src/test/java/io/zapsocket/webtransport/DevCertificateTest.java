package io.zapsocket.webtransport;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What browsers require of a certificate passed by hash: ECDSA P-256, X.509 v3, at most 14 days. */
class DevCertificateTest {
    @Test
    void anEcdsaV3CertificateOfTenDaysWithItsHash() throws Exception {
        DevCertificate c = DevCertificate.generate("localhost", "127.0.0.1", "::1");
        assertThat(c.certificate().getVersion()).isEqualTo(3);
        assertThat(c.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(c.certificate().getSubjectAlternativeNames()).hasSize(3);
        c.certificate().verify(c.certificate().getPublicKey()); // self-signed, and the signature holds
        Duration validity = Duration.between(c.certificate().getNotBefore().toInstant(), c.notAfter());
        assertThat(validity).isLessThanOrEqualTo(DevCertificate.MAX_VALIDITY);
        assertThat(c.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(9)));
        assertThat(c.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(c.certificate().getEncoded()));
        assertThat(c.tlsOptions().keyStore()).isNotNull();
    }

    @Test
    void aValidityOverFourteenDaysIsRefused() {
        assertThatThrownBy(() -> DevCertificate.generate(Duration.ofDays(14))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> DevCertificate.generate(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
