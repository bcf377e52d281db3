// Once per run: the times and contact details the calls use, all in the future and unique to this run. The doctor
// works Mondays 09:00-12:00 in Europe/Berlin (the document's examples): the booking is a Monday at least 40 days
// ahead at 09:00 UTC, its move the Monday after.
if (!pm.collectionVariables.get("run")) {
    const run = Date.now().toString(36);
    const day = date => date.toISOString().slice(0, 10);
    const monday = new Date(Date.now() + 40 * 86400000);
    monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7));
    const nextMonday = new Date(monday.getTime() + 7 * 86400000);
    const later = days => day(new Date(monday.getTime() + days * 86400000));
    pm.collectionVariables.set("run", run);
    pm.collectionVariables.set("bookingDay", day(monday));
    pm.collectionVariables.set("bookingTime", day(monday) + "T09:00:00Z");
    pm.collectionVariables.set("rescheduleTime", day(nextMonday) + "T09:00:00Z");
    // A weekly series beside them: half past, so no occurrence meets the booking or its move.
    pm.collectionVariables.set("seriesTime", day(monday) + "T09:30:00Z");
    pm.collectionVariables.set("timeOffStart", later(2) + "T08:00:00Z");
    pm.collectionVariables.set("timeOffEnd", later(2) + "T12:00:00Z");
    pm.collectionVariables.set("windowStart", later(3) + "T08:00:00Z");
    pm.collectionVariables.set("patientEmail", "contract-" + run + "@example.org");
    pm.collectionVariables.set("patientPhone", "+4930" + String(Date.now()).slice(-7));
    pm.collectionVariables.set("accountEmail", "account-" + run + "@example.org");
    pm.collectionVariables.set("accountPassword", "contract suite passphrase " + run);
}
