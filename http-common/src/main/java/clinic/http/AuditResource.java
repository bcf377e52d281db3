package clinic.http;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

/** The audit trail of one patient across every service, for administrators; reading it is recorded too. */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit",
        description = "Who read or changed patient data, across every service (admin only)")
public class AuditResource {

    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 10000;

    private final AuditTrail trail;
    private final Audit audit;

    public AuditResource(AuditTrail trail, Audit audit) {
        this.trail = trail;
        this.audit = audit;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getAuditTrail",
            summary = "Who read or changed a patient's data", description = "Every service's audit log rows"
            + " about the patient, oldest first; each service gives at most its newest `limit` rows. 503 when a"
            + " service's part cannot be read: the trail is never answered incomplete.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = AuditRecord.class)))
    @APIResponse(responseCode = "503", description = "A service's audit log could not be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<AuditRecord>> trail(
            @Parameter(description = "The patient", required = true, example = "patient-123")
            @RestQuery("patient_id") String patientId,
            @Parameter(description = "At most this many rows per service", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
            @RestQuery String limit) {
        if (patientId == null || patientId.isBlank()) {
            throw ProblemException.badField("patient_id", "is required");
        }
        String problem = Text.nameProblem(patientId);
        if (problem != null) {
            throw ProblemException.badField("patient_id", problem);
        }
        int rows = parseLimit(limit);
        audit.access(Audit.READ, "audit", null, patientId);
        return trail.merged(patientId, rows);
    }

    private static int parseLimit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int rows = Integer.parseInt(limit);
            if (rows >= 1 && rows <= MAX_LIMIT) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
