package clinic.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer tokens verified once and then known: a client sends the same access token with every request for its
 * lifetime, and checking its RS256 signature and claims again each time (on a worker thread, where smallrye-jwt
 * puts verification that may fetch keys over HTTP) cost more than the rest of a read. A token seen before is
 * recognised by its whole text, on the event loop, until its own {@code exp}; one not seen before is verified as
 * smallrye-jwt always does, on a worker (the signing keys may have to be fetched), and remembered if it is valid.
 * Refused tokens are not remembered.
 * <p>
 * A token's signature and claims do not change, so what verification checks against the clock is all an entry
 * has to keep: it ends at the token's {@code exp} (without the clock skew verification tolerates, so never later
 * than the token does), and at the latest {@link #REMEMBERED_FOR} after it was verified, so a signing key the
 * provider withdraws from its JWKS stops being honoured within that time plus smallrye-jwt's own refresh of the
 * keys, as it would without the cache. Bounded: at most {@code clinic.http.verified-tokens} entries (past that,
 * expired ones are dropped, and if it is still full a new token is verified every time rather than remembered),
 * and no token longer than {@link #LONGEST_REMEMBERED} characters (a realm's access tokens are 1-2 kB), so the
 * cache holds a few MB at most however many tokens an account mints.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final Duration REMEMBERED_FOR = Duration.ofMinutes(5);
    static final int LONGEST_REMEMBERED = 4096;

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final JWTParser parser;
    private final int capacity;
    private final Clock clock;

    @Inject
    public VerifiedTokens(JWTParser parser, @ConfigProperty(name = "clinic.http.verified-tokens",
            defaultValue = "2000") int capacity) {
        this(parser, capacity, Clock.systemUTC());
    }

    VerifiedTokens(JWTParser parser, int capacity, Clock clock) {
        this.parser = parser;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before smallrye-jwt's own provider (which has the default, {@code SYSTEM_FIRST + 1}), so that one never sees
     * a request: this one answers every token.
     */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof JsonWebTokenCredential)) {
            // A bearer token another mechanism read, as smallrye-jwt's provider leaves it to its own provider.
            return Uni.createFrom().nullItem();
        }
        String token = request.getToken().getToken();
        JsonWebToken seen = recall(token);
        if (seen != null) {
            return Uni.createFrom().item(identity(seen, request));
        }
        return context.runBlocking(() -> {
            JsonWebToken verified;
            try {
                verified = parser.parse(token);
            } catch (ParseException refused) {
                throw new AuthenticationFailedException(refused);
            }
            remember(token, verified);
            return identity(verified, request);
        });
    }

    /** The verified token for this text, if it was verified before and has not expired. */
    JsonWebToken recall(String token) {
        Known entry = known.get(token);
        if (entry == null) {
            return null;
        }
        if (entry.expired(clock.millis())) {
            known.remove(token, entry);
            return null;
        }
        return entry.token();
    }

    void remember(String token, JsonWebToken verified) {
        long now = clock.millis();
        long expiresAt = Math.min(verified.getExpirationTime() * 1000L, now + REMEMBERED_FOR.toMillis());
        if (expiresAt <= now || token.length() > LONGEST_REMEMBERED) {
            return;
        }
        if (known.size() >= capacity) {
            dropExpired(now);
            if (known.size() >= capacity) {
                return;
            }
        }
        known.put(token, new Known(verified, expiresAt));
    }

    int size() {
        return known.size();
    }

    private void dropExpired(long now) {
        for (Iterator<Known> entries = known.values().iterator(); entries.hasNext();) {
            if (entries.next().expired(now)) {
                entries.remove();
            }
        }
    }

    /** What smallrye-jwt's provider builds: the token as principal and credential, its groups as roles. */
    private static SecurityIdentity identity(JsonWebToken token, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(token)
                .addCredential(request.getToken())
                .addRoles(token.getGroups())
                .addAttribute(SecurityIdentity.USER_ATTRIBUTE, token);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return identity.build();
    }

    private record Known(JsonWebToken token, long expiresAt) {

        boolean expired(long now) {
            return now >= expiresAt;
        }
    }
}
