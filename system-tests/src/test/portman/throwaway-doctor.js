// Retiring a doctor ends their calendar: the suite retires one of its own making, not the one it books with.
pm.sendRequest({
    url: pm.collectionVariables.get("baseUrl") + "/doctors",
    method: "POST",
    header: { "Content-Type": "application/json", Authorization: "Bearer " + pm.collectionVariables.get("bearerToken") },
    body: { mode: "raw", raw: JSON.stringify({ name: "Dr. Retiring " + pm.collectionVariables.get("run") }) },
}, (error, answer) => {
    if (error || answer.code !== 201) {
        throw new Error("could not make a doctor to retire: " + (error || answer.code));
    }
    pm.collectionVariables.set("retiringDoctorId", answer.json().id);
});
