package clinic.appointment;

import java.util.Locale;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The lifecycle: {@code scheduled} (accepted, waiting for the doctor's slot) becomes {@code confirmed} or
 * {@code rejected}; {@code confirmed} ends as {@code completed}, {@code no_show} or {@code cancelled}; a
 * {@code scheduled} appointment can be cancelled too.
 */
@Schema(name = "AppointmentStatus", type = SchemaType.STRING,
        enumeration = { "scheduled", "confirmed", "rejected", "cancelled", "completed", "no_show" })
public enum AppointmentStatus {
    SCHEDULED, CONFIRMED, REJECTED, CANCELLED, COMPLETED, NO_SHOW;

    /** The statuses that hold the doctor's time. */
    public static final Set<AppointmentStatus> ACTIVE = Set.of(SCHEDULED, CONFIRMED);

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AppointmentStatus fromCode(String code) {
        for (AppointmentStatus status : values()) {
            if (status.code().equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status " + code);
    }

    public boolean isActive() {
        return ACTIVE.contains(this);
    }

    public boolean canBecome(AppointmentStatus next) {
        return switch (this) {
            case SCHEDULED -> next == CONFIRMED || next == REJECTED || next == CANCELLED;
            case CONFIRMED -> next == COMPLETED || next == NO_SHOW || next == CANCELLED;
            default -> false;
        };
    }
}
