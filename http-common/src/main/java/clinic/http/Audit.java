package clinic.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.RequestScoped;

/**
 * What a request read or changed of patient data and appointments, noted by the resource as it goes; written to
 * the service's audit log with the answer's status once the answer is known ({@link AuditWriter}).
 */
@RequestScoped
public class Audit {

    public static final String READ = "read";
    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String SEARCH = "search";

    /** One access: the patient may be learned only once the record is read. */
    public static final class Entry {
        final String action;
        final String resource;
        String resourceId;
        String patientId;

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

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
