package clinic.notifications.config;

import java.time.Duration;

import clinic.http.Paging;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** notifications settings. */
@ConfigMapping(prefix = "clinic.notifications")
public interface NotificationConfig {

    /** Send e-mail through the Quarkus mailer (SMTP configured); otherwise every message goes to the log. */
    @WithDefault("false")
    boolean emailEnabled();

    /** How long one e-mail may take to send before the attempt counts as failed. */
    @WithDefault("10s")
    Duration smtpTimeout();

    /** Delivery attempts before a notification is failed (and notification.failed published). */
    @WithDefault("5")
    int maxAttempts();

    /** Delay before the second attempt; doubles per attempt. */
    @WithDefault("5s")
    Duration retryInitial();

    /** Longest delay between attempts. */
    @WithDefault("5m")
    Duration retryMax();

    /** Notifications delivered per round. */
    @WithDefault("20")
    int deliveryBatch();

    /** How long before a confirmed appointment its reminder goes out. */
    @WithDefault("24h")
    Duration reminderLead();

    /** How often due reminders are looked for. */
    @WithDefault("5s")
    Duration reminderPoll();

    /** List page size when none is asked for. */
    @WithDefault(Paging.DEFAULT_SIZE)
    int defaultPageSize();

    /** Largest list page. */
    @WithDefault(Paging.MAX_SIZE)
    int maxPageSize();
}
