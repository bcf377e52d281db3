package clinic.patientcontact.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import clinic.patientcontact.identity.Accounts;
import clinic.patientcontact.rest.PatientViews.PatientView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answers of registration and login. */
final class AuthViews {

    private AuthViews() {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Registered")
    record RegisteredView(@Schema(example = "jane@example.org") String username, PatientView patient) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "Tokens")
    record TokenView(String accessToken, @Schema(example = "Bearer") String tokenType,
            @Schema(description = "Seconds the access token is valid", example = "300") long expiresIn,
            @Schema(nullable = true) String refreshToken, long refreshExpiresIn) {

        static TokenView of(Accounts.Tokens tokens) {
            return new TokenView(tokens.accessToken(), tokens.tokenType(), tokens.expiresIn(), tokens.refreshToken(),
                    tokens.refreshExpiresIn());
        }
    }
}
