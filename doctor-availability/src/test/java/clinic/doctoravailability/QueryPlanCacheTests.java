package clinic.doctoravailability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A native select run again and again leaves Hibernate's query plan cache as it was: Hibernate Reactive adds an
 * entry (a miss) for every execution of a cached native select, and every lookup walks through them all.
 * Statistics are on in the test profile for this.
 */
@QuarkusTest
class QueryPlanCacheTests {

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void readingACalendarAgainAddsNoQueryPlans() {
        String doctor = DoctorApiTests.createDoctor("UTC");
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("day_of_week", "monday", "start", "09:00", "end", "12:00")))
                .put("/doctors/" + doctor + "/working-hours").then().statusCode(200);
        String slots = "/doctors/" + doctor + "/slots?date=2031-06-02&duration=30";
        given().get(slots).then().statusCode(200);

        long missesBefore = sessions.getStatistics().getQueryPlanCacheMissCount();
        for (int i = 0; i < 20; i++) {
            given().get(slots).then().statusCode(200);
        }
        assertEquals(missesBefore, sessions.getStatistics().getQueryPlanCacheMissCount(),
                "query plans looked up anew while reading one calendar 20 times");
    }
}
