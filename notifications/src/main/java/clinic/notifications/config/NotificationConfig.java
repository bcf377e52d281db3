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

    /** Where patients reach the clinic's API (the gateway), for the links messages carry. */
    @WithDefault("http://localhost:86")
    String publicUrl();

    /** The address calendar invitations name as their organizer (the clinic's own). */
    @WithDefault("clinic@localhost")
    String calendarOrganizer();

    /** SMS through a Twilio-style HTTP API. */
    Sms sms();

    interface Sms {

        /**
         * Send SMS to patients who want them (a phone number in E.164); otherwise they are told by e-mail or in
         * the log.
         */
        @WithDefault("false")
        boolean enabled();

        /** The API's base URL: messages are posted to {url}/2010-04-01/Accounts/{account-sid}/Messages.json. */
        @WithDefault("https://api.twilio.com")
        java.net.URI url();

        /** The account the messages are sent from (the API's user). */
        java.util.Optional<String> accountSid();

        /** The account's secret (the API's password). */
        java.util.Optional<String> authToken();

        /** The sender's number, E.164. */
        java.util.Optional<String> from();

        /** How long one message may take to send before the attempt counts as failed. */
        @WithDefault("10s")
        Duration timeout();
    }
}
