import java.nio.file.Files;
import java.nio.file.Path;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * What HAPI FHIR's R4 context costs a JVM before its first answer: the CPU time and the resident memory of learning
 * the model of one resource type (Patient, with a Bundle and an OperationOutcome, as one service serving one type
 * would) and of all seven the scheduling API uses: the time it takes, the CPU time of all threads (the JIT's
 * included), what the JVM keeps of it (live heap, class metadata, compiled code) and the growth of the resident
 * set. Prints "BENCH hapi_<figure>=<n>" lines. Run in a fresh JVM:
 * java -cp 'appointment/target/quarkus-app/lib/main/*' bench/HapiCost.java one|all
 */
public class HapiCost {

    public static void main(String[] args) throws Exception {
        boolean all = args.length > 0 && args[0].equals("all");
        // The JSON stack every service has loaded already is not HAPI's cost.
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of("warm", 1));
        System.gc();
        long rssBefore = rssKb();
        long usedBefore = used();
        long cpuBefore = cpuNanos();
        long started = System.nanoTime();
        IParser parser = FhirContext.forR4().newJsonParser();
        Resource[] types = all ? new Resource[] { new Appointment(), new Patient(), new Practitioner(),
            new Schedule(), new Slot(), new Parameters(), new CapabilityStatement() }
                : new Resource[] { new Patient() };
        for (Resource resource : types) {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
            bundle.addEntry().setResource(resource.setId("x"));
            parser.parseResource(Bundle.class, parser.encodeResourceToString(bundle));
        }
        parser.encodeResourceToString(new OperationOutcome());
        long wall = System.nanoTime() - started;
        long cpu = cpuNanos() - cpuBefore;
        System.gc();
        long rss = rssKb() - rssBefore;
        long kept = used() - usedBefore;
        String name = all ? "all" : "one";
        System.out.printf("BENCH hapi_%s_ms=%d%nBENCH hapi_%s_cpu_ms=%d%nBENCH hapi_%s_kept_mb=%d%n"
                + "BENCH hapi_%s_rss_mb=%d%n", name, wall / 1_000_000, name, cpu / 1_000_000, name, kept >> 20, name,
                rss / 1024);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * What the JVM keeps after a full collection: live heap, class metadata and compiled code (the resident set
     * also moves with what the collector hands back, so both are printed).
     */
    private static long used() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory
                .getMemoryPoolMXBeans()) {
            used += pool.getUsage().getUsed();
        }
        return used;
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
