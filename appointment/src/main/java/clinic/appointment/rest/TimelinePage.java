package clinic.appointment.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import clinic.eventbus.EventType;

/**
 * The timeline as a page for support staff: one swim lane per service, a mark for each step in time order
 * (filled: the service published the event; open: it handled one), an arrow from each publication to every
 * handling of that event, and the steps as a table below. Drawn with SVG presentation attributes only, so the
 * gateway's content security policy (no styles, no scripts) leaves it intact.
 */
final class TimelinePage {

    private static final List<String> LANES = EventType.Services.ALL;
    private static final String[] COLOURS = { "#2b6cb0", "#2f855a", "#b7791f", "#9b2c2c" };
    private static final int LABEL_WIDTH = 170;
    private static final int STEP_WIDTH = 120;
    private static final int LANE_HEIGHT = 90;
    private static final int TOP = 30;

    private TimelinePage() {
    }

    static String render(TimelineView timeline) {
        StringBuilder page = new StringBuilder(8192);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Timeline of ")
                .append(escape(timeline.appointmentId())).append("</title>\n</head>\n<body>\n<h1>Appointment ")
                .append(escape(timeline.appointmentId())).append("</h1>\n<p>Status <strong>")
                .append(escape(timeline.status())).append("</strong>");
        if (timeline.statusReason() != null) {
            page.append(": ").append(escape(timeline.statusReason().message())).append(" (<code>")
                    .append(escape(timeline.statusReason().code())).append("</code>)");
        }
        List<TimelineView.StepView> steps = timeline.steps();
        if (!steps.isEmpty()) {
            page.append(". ").append(steps.size()).append(" steps over ")
                    .append(steps.get(steps.size() - 1).sinceStartMs()).append(" ms");
        }
        page.append(".</p>\n");
        if (!timeline.complete()) {
            page.append("<p><strong>Incomplete:</strong> no answer from ")
                    .append(escape(String.join(", ", timeline.missingServices()))).append("; their steps are missing.</p>\n");
        }
        svg(page, steps);
        table(page, steps);
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    private static void svg(StringBuilder page, List<TimelineView.StepView> steps) {
        int width = LABEL_WIDTH + Math.max(1, steps.size()) * STEP_WIDTH + 40;
        int height = TOP + LANES.size() * LANE_HEIGHT + 20;
        page.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"Swim lanes of the"
                        + " services with the appointment's events\">\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\""
                        + " markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\""
                        + " fill=\"#4a5568\"/></marker></defs>\n");
        for (int lane = 0; lane < LANES.size(); lane++) {
            int y = TOP + lane * LANE_HEIGHT;
            page.append("<rect x=\"0\" y=\"").append(y).append("\" width=\"").append(width).append("\" height=\"")
                    .append(LANE_HEIGHT).append("\" fill=\"").append(lane % 2 == 0 ? "#f7fafc" : "#edf2f7")
                    .append("\"/>\n<text x=\"10\" y=\"").append(y + LANE_HEIGHT / 2 + 4).append("\" font-weight=\"bold\""
                            + " fill=\"").append(COLOURS[lane]).append("\">").append(LANES.get(lane)).append("</text>\n");
        }
        Map<String, int[]> published = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            TimelineView.StepView step = steps.get(i);
            if (step.action().equals("published")) {
                published.put(step.eventId(), new int[] { x(i), y(step.service()) });
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            TimelineView.StepView step = steps.get(i);
            int[] from = published.get(step.eventId());
            if (step.action().equals("handled") && from != null) {
                page.append("<line x1=\"").append(from[0]).append("\" y1=\"").append(from[1]).append("\" x2=\"")
                        .append(x(i) - 9).append("\" y2=\"").append(y(step.service()))
                        .append("\" stroke=\"#4a5568\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n");
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            TimelineView.StepView step = steps.get(i);
            int lane = Math.max(0, LANES.indexOf(step.service()));
            int x = x(i);
            int y = y(step.service());
            boolean made = step.action().equals("published");
            page.append("<circle cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"8\" fill=\"")
                    .append(made ? COLOURS[lane] : "#ffffff").append("\" stroke=\"").append(COLOURS[lane])
                    .append("\" stroke-width=\"2\"><title>").append(escape(step.service())).append(' ')
                    .append(escape(step.action())).append(' ').append(escape(step.eventType())).append(" at ")
                    .append(step.at()).append("</title></circle>\n<text x=\"").append(x).append("\" y=\"")
                    .append(y - (i % 2 == 0 ? 14 : 28)).append("\" text-anchor=\"middle\" font-size=\"11\">")
                    .append(escape(step.eventType())).append("</text>\n<text x=\"").append(x).append("\" y=\"")
                    .append(y + 24).append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#4a5568\">+")
                    .append(step.sinceStartMs()).append(" ms</text>\n");
        }
        page.append("</svg>\n");
    }

    private static void table(StringBuilder page, List<TimelineView.StepView> steps) {
        page.append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n<tr><th>time (UTC)</th><th>+ms</th>"
                + "<th>service</th><th>step</th><th>event</th><th>event id</th></tr>\n");
        for (TimelineView.StepView step : steps) {
            page.append("<tr><td>").append(step.at()).append("</td><td>").append(step.sincePreviousMs())
                    .append("</td><td>").append(escape(step.service())).append("</td><td>").append(escape(step.action()))
                    .append("</td><td><code>").append(escape(step.eventType())).append("</code></td><td><code>")
                    .append(escape(step.eventId())).append("</code></td></tr>\n");
        }
        page.append("</table>\n");
    }

    private static int x(int step) {
        return LABEL_WIDTH + step * STEP_WIDTH + STEP_WIDTH / 2;
    }

    private static int y(String service) {
        return TOP + Math.max(0, LANES.indexOf(service)) * LANE_HEIGHT + LANE_HEIGHT / 2;
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
