package clinic.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MediaTypeRulesTests {

    @Test
    void aClientThatAcceptsOnlyProblemsIsGivenJsonToo() {
        assertTrue(MediaTypeRules.acceptsProblemsButNotJson("application/problem+json"));
        assertTrue(MediaTypeRules.acceptsProblemsButNotJson("text/html, application/problem+json;q=0.5"));
    }

    @Test
    void aClientThatAcceptsJsonAlreadyIsLeftAlone() {
        assertFalse(MediaTypeRules.acceptsProblemsButNotJson("application/problem+json, application/json"));
        assertFalse(MediaTypeRules.acceptsProblemsButNotJson("application/problem+json, */*;q=0.1"));
        assertFalse(MediaTypeRules.acceptsProblemsButNotJson("application/*"));
        assertFalse(MediaTypeRules.acceptsProblemsButNotJson("text/csv"));
    }

    @Test
    void aClientThatRefusesJsonOutrightIsLeftToItsRefusal() {
        assertFalse(MediaTypeRules.acceptsProblemsButNotJson("application/problem+json, application/json;q=0"));
        assertFalse(MediaTypeRules.acceptsProblemsButNotJson("application/problem+json;q=0"));
    }

    @Test
    void anUnreadableHeaderIsLeftToRestEasy() {
        assertFalse(MediaTypeRules.acceptsProblemsButNotJson("application/problem+json, ;;=="));
    }
}
