package clinic.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import clinic.http.testing.Tokens;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.mutiny.Uni;

/**
 * The cache of verified tokens with smallrye-jwt's real parser and the tests' signing key: a token is verified
 * once and recognised after, until its expiry; nothing refused is remembered; the cache stays bounded.
 */
class VerifiedTokensTests {

    private final CountingParser parser = new CountingParser(verification());
    private final MovableClock clock = new MovableClock();

    @Test
    void aTokenIsVerifiedOnceThenRecognisedWithTheSameRoles() {
        VerifiedTokens tokens = new VerifiedTokens(parser, 100, clock);
        String staff = Tokens.staff();

        SecurityIdentity first = authenticate(tokens, staff);
        SecurityIdentity second = authenticate(tokens, staff);

        assertEquals(1, parser.parsed.get(), "verified once");
        assertEquals("staff-1", second.getPrincipal().getName());
        assertEquals(first.getRoles(), second.getRoles());
        assertTrue(second.hasRole(Roles.STAFF));
        assertEquals(staff, ((JsonWebToken) second.getPrincipal()).getRawToken());
    }

    @Test
    void anEntryEndsAtTheTokensExpiryThenTheTokenIsVerifiedAgain() {
        VerifiedTokens tokens = new VerifiedTokens(parser, 100, clock);
        String staff = Tokens.staff();
        authenticate(tokens, staff);
        JsonWebToken verified = tokens.recall(staff);
        assertNotNull(verified);

        clock.now = Instant.ofEpochSecond(verified.getExpirationTime());

        assertNull(tokens.recall(staff), "an entry ends at the token's exp");
        assertEquals(0, tokens.size(), "and is dropped");
        authenticate(tokens, staff);
        assertEquals(2, parser.parsed.get(), "the next request verifies it again");
    }

    @Test
    void anEntryEndsFiveMinutesAfterVerificationSoAWithdrawnKeyStopsBeingHonoured() {
        VerifiedTokens tokens = new VerifiedTokens(parser, 100, clock);
        String later = longLived();
        authenticate(tokens, later);
        assertNotNull(tokens.recall(later));

        clock.now = clock.now.plus(VerifiedTokens.REMEMBERED_FOR);

        assertNull(tokens.recall(later), "remembered for five minutes at most, though the token lives longer");
    }

    @Test
    void anOverlongTokenIsVerifiedEveryTime() {
        VerifiedTokens tokens = new VerifiedTokens(parser, 100, clock);
        String padded = signed(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("staff-3")
                .claim("realm_access", Map.of("roles", List.of("staff"))).claim("padding", "x".repeat(5000))
                .expiresIn(300));
        authenticate(tokens, padded);
        authenticate(tokens, padded);
        assertEquals(0, tokens.size());
        assertEquals(2, parser.parsed.get());
    }

    @Test
    void anotherMechanismsCredentialIsLeftToItsOwnProvider() {
        VerifiedTokens tokens = new VerifiedTokens(parser, 100, clock);
        SecurityIdentity none = tokens.authenticate(new TokenAuthenticationRequest(
                new TokenCredential(Tokens.staff(), "bearer")), new InlineContext())
                .await().atMost(Duration.ofSeconds(5));
        assertNull(none);
        assertEquals(0, parser.parsed.get());
    }

    @Test
    void tokensIssuedForTooLongOrNotYetValidAreRefusedAndNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(parser, 100, clock);
        long now = System.currentTimeMillis() / 1000;
        String tooLong = signed(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("staff-4")
                .claim("realm_access", Map.of("roles", List.of("staff"))).issuedAt(now).expiresAt(now + 7200));
        String notYet = signed(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("staff-5")
                .claim("realm_access", Map.of("roles", List.of("staff"))).claim("nbf", now + 600).expiresIn(900));
        assertThrows(AuthenticationFailedException.class, () -> authenticate(tokens, tooLong));
        assertThrows(AuthenticationFailedException.class, () -> authenticate(tokens, notYet));
        assertEquals(0, tokens.size());
    }

    @Test
    void refusedTokensAreNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(parser, 100, clock);
        for (var forgery : Tokens.forgeries().entrySet()) {
            assertThrows(AuthenticationFailedException.class, () -> authenticate(tokens, forgery.getValue()),
                    forgery.getKey());
            assertThrows(AuthenticationFailedException.class, () -> authenticate(tokens, forgery.getValue()),
                    forgery.getKey() + ", the second time");
        }
        assertEquals(0, tokens.size());
        assertEquals(2 * Tokens.forgeries().size(), parser.parsed.get(), "each attempt verified afresh");
    }

    @Test
    void aPayloadAlteredFromAKnownTokenIsVerifiedAndRefused() {
        VerifiedTokens tokens = new VerifiedTokens(parser, 100, clock);
        String patient = Tokens.patient("patient-1");
        authenticate(tokens, patient);
        String[] parts = patient.split("\\.");
        String otherPatientsClaims = Tokens.patient("patient-2").split("\\.")[1];

        assertThrows(AuthenticationFailedException.class,
                () -> authenticate(tokens, parts[0] + "." + otherPatientsClaims + "." + parts[2]));
    }

    @Test
    void aFullCacheDropsExpiredEntriesAndOtherwiseVerifiesWithoutRemembering() {
        VerifiedTokens tokens = new VerifiedTokens(parser, 2, clock);
        String first = Tokens.staff();
        String second = Tokens.admin();
        String third = Tokens.patient("patient-1");
        authenticate(tokens, first);
        authenticate(tokens, second);

        authenticate(tokens, third);
        authenticate(tokens, third);
        assertEquals(2, tokens.size());
        assertEquals(4, parser.parsed.get(), "the third token, with no room, is verified each time");

        // Once the first two have expired, a token that outlives them takes their place.
        clock.now = Instant.ofEpochSecond(tokens.recall(first).getExpirationTime() + 1);
        String later = longLived();
        authenticate(tokens, later);
        assertEquals(1, tokens.size());
        assertNotNull(tokens.recall(later));
    }

    /** A valid token that expires ten minutes after the others. */
    private static String longLived() {
        return signed(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("staff-2")
                .claim("realm_access", Map.of("roles", List.of("staff"))).expiresIn(900));
    }

    private static String signed(io.smallrye.jwt.build.JwtClaimsBuilder claims) {
        try {
            return claims.jws().keyId("test").sign(KeyUtils.readPrivateKey("clinic/http/testing/test-signing-key.pem"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecurityIdentity authenticate(VerifiedTokens tokens, String token) {
        Uni<SecurityIdentity> identity = tokens.authenticate(
                new TokenAuthenticationRequest(new JsonWebTokenCredential(token)), new InlineContext());
        return identity.await().atMost(Duration.ofSeconds(5));
    }

    /** What the services' test profile verifies: the tests' key, issuer and audience. */
    private static JWTAuthContextInfo verification() {
        try {
            JWTAuthContextInfo info = new JWTAuthContextInfo(
                    KeyUtils.readPublicKey("clinic/http/testing/test-signing-key.pub.pem"), Tokens.ISSUER);
            info.setExpectedAudience(java.util.Set.of(Tokens.AUDIENCE));
            info.setGroupsPath("realm_access/roles");
            // As the services verify: issued for an hour at most, 30 s of clock skew.
            info.setMaxTimeToLiveSecs(3600L);
            info.setClockSkew(30);
            return info;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs "blocking" verification in place: the test has no worker pool. */
    private static final class InlineContext implements AuthenticationRequestContext {
        @Override
        public Uni<SecurityIdentity> runBlocking(Supplier<SecurityIdentity> function) {
            return Uni.createFrom().item(function);
        }
    }

    /** smallrye-jwt's parser, counting the tokens it verifies. */
    private static final class CountingParser extends DefaultJWTParser {
        final AtomicInteger parsed = new AtomicInteger();

        CountingParser(JWTAuthContextInfo info) {
            super(info);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            parsed.incrementAndGet();
            return super.parse(token);
        }
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
