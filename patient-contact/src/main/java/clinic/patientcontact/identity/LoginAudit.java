package clinic.patientcontact.identity;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import clinic.http.AuditRecord;
import clinic.http.AuditSource;
import clinic.patientcontact.service.PatientService;
import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;

/**
 * The patient's logins in their audit trail: the identity provider keeps its login events (successes and failures,
 * the realm's event store), and {@code GET /audit} shows those of the account linked to the patient as service
 * {@code identity}, action {@code login}, outcome 200 or 401.
 */
@ApplicationScoped
// Found by lookup (Transactions, AuditTrail), not injected: Quarkus must keep it.
@Unremovable
public class LoginAudit implements AuditSource {

    private final Accounts accounts;
    private final PatientService patients;

    public LoginAudit(Accounts accounts, PatientService patients) {
        this.accounts = accounts;
        this.patients = patients;
    }

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public Uni<List<AuditRecord>> recordsOf(String patientId, int limit) {
        return patients.accountOf(patientId).chain(account -> accounts.loginsOf(account, limit)).map(events -> events
                .stream()
                .map(event -> new AuditRecord(event.at(), name(), event.accountId(), null, "login", "account",
                        event.accountId(), patientId, null, event.succeeded() ? 200 : 401))
                .toList());
    }

}
