package clinic.system;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * One round of the waitlist's race, through the gateway: a booked time is cancelled and offered to a waiting
 * patient, and while the offer is being accepted the same time is booked directly and the next half hour is
 * cancelled (its time offered to a second waiting patient). Once everything has settled, the doctor is never
 * double-booked: the appointment service holds no two live appointments over one time, doctor-availability no two
 * blocks of different appointments, each block belongs to a live appointment or to an offer still held, and the
 * accepted offer ended as an appointment confirmed or rejected with a reason. A round that finds otherwise throws.
 */
final class WaitlistRace {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    private WaitlistRace() {
    }

    /** Rounds one after another until the window has passed; answers how many ran. */
    static int runFor(Duration window) throws Exception {
        Instant end = Instant.now().plus(window);
        int rounds = 0;
        do {
            round(rounds);
            rounds++;
        } while (Instant.now().isBefore(end));
        return rounds;
    }

    static void round(int n) throws Exception {
        String doctor = "doctor-race-" + UUID.randomUUID();
        Instant time = Instant.parse("2036-02-04T09:00:00Z").plus(n % 300, ChronoUnit.DAYS);
        String first = book(doctor, time);
        String second = book(doctor, time.plus(30, ChronoUnit.MINUTES));
        String waiting = join("patient-race-a-" + n, doctor, time);
        String alsoWaiting = join("patient-race-b-" + n, doctor, time);
        SharedStack.api().delete("/appointments/" + first).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "offered".equals(
                SharedStack.api().get("/waitlist/" + waiting).jsonPath().getString("status")));
        String offered = SharedStack.api().get("/waitlist/" + waiting).jsonPath().getString("offer.appointment_id");

        CompletableFuture<Response> accept = CompletableFuture.supplyAsync(() -> SharedStack.api()
                .post("/waitlist/" + waiting + "/accept"));
        CompletableFuture<Response> direct = CompletableFuture.supplyAsync(() -> SharedStack.api()
                .contentType("application/json").header("Prefer", "wait=10").body(Map.of("patient_id",
                        "patient-race-c-" + n, "doctor_id", doctor, "appointment_time", time.toString(),
                        "duration_minutes", 30)).post("/appointments"));
        CompletableFuture<Response> cancel = CompletableFuture.supplyAsync(() -> SharedStack.api()
                .delete("/appointments/" + second));
        expect(accept.get(), 200, 409);
        expect(direct.get(), 201, 409);
        expect(cancel.get(), 200);

        await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(() -> settled(doctor, offered));
        check(doctor, offered, alsoWaiting);
    }

    private static String book(String doctor, Instant time) {
        String id = SharedStack.api().contentType("application/json").header("Prefer", "wait=10")
                .body(Map.of("patient_id", "patient-race-" + UUID.randomUUID(), "doctor_id", doctor,
                        "appointment_time", time.toString(), "duration_minutes", 30))
                .post("/appointments").then().statusCode(201).extract().path("id");
        // Under the chaos load the saga may take longer than the wait: a free time is confirmed in the end.
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(() -> !"scheduled".equals(
                SharedStack.api().get("/appointments/" + id).jsonPath().getString("status")));
        JsonPath booked = SharedStack.api().get("/appointments/" + id).jsonPath();
        if (!"confirmed".equals(booked.getString("status"))) {
            throw new AssertionError("a booking of a free time was not confirmed: " + booked.prettify());
        }
        return id;
    }

    private static String join(String patient, String doctor, Instant time) {
        String day = time.toString().substring(0, 10);
        return SharedStack.api().contentType("application/json").body(Map.of("patient_id", patient, "doctor_id",
                doctor, "from", day, "to", day, "duration_minutes", 30)).post("/waitlist").then().statusCode(201)
                .extract().path("id");
    }

    private static void expect(Response response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new AssertionError("answered " + response.statusCode() + ": " + response.asString());
    }

    /** Nothing of the doctor's still waits for the saga, and the offer accepted (if it was) became an appointment. */
    private static boolean settled(String doctor, String offered) {
        List<Map<String, Object>> appointments = SharedStack.api().queryParam("size", 500)
                .get("/appointments/doctor/" + doctor).jsonPath().getList("$");
        boolean pending = appointments.stream().anyMatch(a -> "scheduled".equals(a.get("status"))
                || a.get("pending_reschedule") != null);
        String entryStatus = SharedStack.api().queryParam("all", "true").get("/waitlist").jsonPath()
                .getList("findAll { it.offer != null && it.offer.appointment_id == '" + offered + "' }.status")
                .stream().findFirst().map(Object::toString).orElse("");
        boolean booked = !entryStatus.equals("accepted") || appointments.stream()
                .anyMatch(a -> offered.equals(a.get("id")));
        return !pending && booked;
    }

    private static void check(String doctor, String offered, String alsoWaiting) {
        List<Map<String, Object>> appointments = SharedStack.api().queryParam("size", 500)
                .get("/appointments/doctor/" + doctor).jsonPath().getList("$");
        List<Map<String, Object>> live = appointments.stream().filter(a -> List.of("scheduled", "confirmed")
                .contains(a.get("status"))).toList();
        for (int i = 0; i < live.size(); i++) {
            for (int j = i + 1; j < live.size(); j++) {
                if (overlap(live.get(i), live.get(j), "appointment_time", "end_time")) {
                    throw new AssertionError("double-booked: " + live.get(i) + " and " + live.get(j));
                }
            }
        }
        List<Map<String, Object>> blocks = SharedStack.api().get("/availability/doctor/" + doctor).jsonPath()
                .getList("findAll { !it.is_available }");
        List<String> heldOffers = new ArrayList<>();
        String held = SharedStack.api().get("/waitlist/" + alsoWaiting).jsonPath().getString("offer.appointment_id");
        if (held != null) {
            heldOffers.add(held);
        }
        for (Map<String, Object> block : blocks) {
            Object owner = block.get("appointment_id");
            boolean ofLive = live.stream().anyMatch(a -> a.get("id").equals(owner));
            if (!ofLive && !heldOffers.contains(owner)) {
                throw new AssertionError("a block stranded: " + block + " (live: " + live + ")");
            }
        }
        for (int i = 0; i < blocks.size(); i++) {
            for (int j = i + 1; j < blocks.size(); j++) {
                if (!blocks.get(i).get("appointment_id").equals(blocks.get(j).get("appointment_id"))
                        && overlap(blocks.get(i), blocks.get(j), "start_time", "end_time")) {
                    throw new AssertionError("two blocks over one time: " + blocks.get(i) + " and " + blocks.get(j));
                }
            }
        }
        appointments.stream().filter(a -> offered.equals(a.get("id"))).findFirst().ifPresent(a -> {
            if ("rejected".equals(a.get("status")) && a.get("status_reason") == null) {
                throw new AssertionError("the accepted offer was rejected without a reason: " + a);
            }
        });
    }

    private static boolean overlap(Map<String, Object> a, Map<String, Object> b, String start, String end) {
        return Instant.parse((String) a.get(start)).isBefore(Instant.parse((String) b.get(end)))
                && Instant.parse((String) b.get(start)).isBefore(Instant.parse((String) a.get(end)));
    }
}
