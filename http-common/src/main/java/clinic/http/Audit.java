package clinic.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.RequestScoped;

/**
 * What a request read or changed of patient data and appointments, noted by the resource as it goes. A change is
 * written to the service's audit log inside the transaction that makes it ({@link AuditInTransaction}), so no change
 * commits unrecorded; everything else (reads, searches, refusals, changes that did not happen) with the answer's
 * status once the answer is known ({@link AuditWriter}).
 */
@RequestScoped
public class Audit {

    public static final String READ = "read";
    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String SEARCH = "search";
    /** A rule staff may set aside, set aside (the resource names the rule). */
    public static final String OVERRIDE = "override";

    /** One access: the patient may be learned only once the record is read. */
    public static final class Entry {
        final String action;
        final String resource;
        String resourceId;
        String patientId;
        /** Written already: a change, in its own transaction ({@link AuditInTransaction}). */
        volatile boolean recorded;
        /** What the change answers when it is made: 201 for a record made, 200 otherwise unless said. */
        int success;

        boolean isChange() {
            return CREATE.equals(action) || UPDATE.equals(action) || DELETE.equals(action);
        }

        Entry(String action, String resource, String resourceId, String patientId) {
            this.action = action;
            this.resource = resource;
            this.resourceId = resourceId;
            this.patientId = patientId;
        }

        /** The patient whose data this was, once known. */
        public Entry patient(String patientId) {
            this.patientId = patientId;
            return this;
        }

        /** The status the change answers once made, where it is not 201 (made) or 200 (changed), e.g. 204. */
        public Entry succeedsWith(int status) {
            this.success = status;
            return this;
        }

        int successStatus() {
            return success != 0 ? success : CREATE.equals(action) ? 201 : 200;
        }

        /** The record's id, once known (a record just made). */
        public Entry id(String resourceId) {
            this.resourceId = resourceId;
            return this;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Notes an access to one record (its patient may follow with {@link Entry#patient}). */
    public synchronized Entry access(String action, String resource, String resourceId, String patientId) {
        Entry entry = new Entry(action, resource, resourceId, patientId);
        entries.add(entry);
        return entry;
    }

    /** Notes a read of a page of records: one entry for each patient whose data it showed. */
    public synchronized <T> void listed(String resource, List<T> items, Function<T, String> patientOf) {
        Set<String> patients = new LinkedHashSet<>();
        for (T item : items) {
            patients.add(patientOf.apply(item));
        }
        for (String patient : patients) {
            entries.add(new Entry(READ, resource, null, patient));
        }
    }

    /** What is still to be written: everything but the changes their transactions recorded. */
    synchronized List<Entry> unrecorded() {
        return entries.stream().filter(entry -> !entry.recorded).toList();
    }

    /** The changes noted so far that no transaction has recorded yet. */
    synchronized List<Entry> unrecordedChanges() {
        return entries.stream().filter(entry -> entry.isChange() && !entry.recorded).toList();
    }
}
