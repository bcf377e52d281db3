package clinic.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The timeline of one booking through the whole stack: every service's steps in time order as JSON, and the page
 * support staff open, rendered by headless Chromium (the screenshot is kept in target/timeline).
 */
@ExtendWith(SharedStack.class)
class TimelinePageTests {

    private static final Path OUT = Path.of("target", "timeline");

    @Test
    void aBookingsTimelineHasEveryServicesStepsAndItsPageRendersInChromium() throws Exception {
        String doctor = SharedStack.api().contentType(ContentType.JSON).body(Map.of("name", "Dr. Timeline"))
                .post("/doctors").then().statusCode(201).extract().path("id");
        String id = SharedStack.api().contentType(ContentType.JSON).header("Prefer", "wait=10")
                .body(Map.of("patient_id", "patient-123", "doctor_id", doctor,
                        "appointment_time", "2032-05-12T09:00:00Z", "notes", "Timeline"))
                .post("/appointments").then().statusCode(201).extract().path("id");

        // The saga's last step (the notification) lands after the answer: wait for every service's part.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath timeline = SharedStack.api().accept(ContentType.JSON).get("/appointments/" + id + "/timeline")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(true, timeline.getBoolean("complete"));
            List<String> steps = timeline.<Map<String, Object>>getList("steps").stream()
                    .map(step -> step.get("service") + " " + step.get("action") + " " + step.get("event_type"))
                    .toList();
            for (String step : List.of("appointment published appointment.scheduled",
                    "doctor-availability handled appointment.scheduled",
                    "patient-contact handled appointment.scheduled",
                    "doctor-availability published availability.blocked",
                    "appointment handled availability.blocked",
                    "appointment published appointment.confirmed",
                    "notifications handled appointment.confirmed",
                    "notifications published notification.sent")) {
                assertTrue(steps.contains(step), step + " in " + steps);
            }
            // Causes before effects.
            assertTrue(steps.indexOf("doctor-availability published availability.blocked")
                    < steps.indexOf("appointment handled availability.blocked"), steps.toString());
            assertTrue(steps.indexOf("appointment published appointment.confirmed")
                    < steps.indexOf("notifications published notification.sent"), steps.toString());
        });

        String page = SharedStack.api().accept("text/html").get("/appointments/" + id + "/timeline").then()
                .statusCode(200).contentType(containsString("text/html")).extract().asString();
        // An arrow from each publication to each handling by another service: scheduled to doctor-availability and
        // patient-contact, blocked to appointment, confirmed to notifications and patient-contact.
        assertTrue(arrows(page) >= 5, page);
        Files.createDirectories(OUT);
        Path html = OUT.resolve("timeline.html").toAbsolutePath();
        Path png = OUT.resolve("timeline.png").toAbsolutePath();
        Files.writeString(html, page, StandardCharsets.UTF_8);
        Files.deleteIfExists(png);
        screenshot(html, png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() >= 1000 && image.getHeight() >= 400, image.getWidth() + "x" + image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        // The filled marks of the services that published: appointment, doctor-availability, notifications.
        for (int colour : List.of(0x2b6cb0, 0x2f855a, 0x9b2c2c)) {
            assertTrue(colours.contains(colour), String.format("#%06x is drawn in %s", colour, png));
        }
        assertTrue(colours.size() > 20, "more than a blank page: " + colours.size() + " colours");
    }

    private static int arrows(String page) {
        String arrow = "marker-end=\"url(#arrow)\"";
        int count = 0;
        for (int at = page.indexOf(arrow); at >= 0; at = page.indexOf(arrow, at + 1)) {
            count++;
        }
        return count;
    }

    /** Headless Chromium (./clinic test installs it) draws the page as a browser would. */
    private static void screenshot(Path html, Path png) throws Exception {
        String chromium = System.getenv().getOrDefault("CLINIC_CHROMIUM", "chromium");
        Path profile = Files.createTempDirectory("clinic-chromium");
        String output = Commands.run(null, null, Map.of(), Duration.ofSeconds(90), chromium, "--headless",
                "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=1600,900", "--screenshot=" + png, html.toUri().toString()).output();
        assertTrue(Files.exists(png), "chromium wrote " + png + ":\n" + output);
    }
}
