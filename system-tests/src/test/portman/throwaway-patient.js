// Erasing a patient removes their record: the suite erases one of its own making, not the one it books for.
pm.sendRequest({
    url: pm.collectionVariables.get("baseUrl") + "/patients",
    method: "POST",
    header: { "Content-Type": "application/json", Authorization: "Bearer " + pm.collectionVariables.get("bearerToken") },
    body: { mode: "raw", raw: JSON.stringify({ name: "Erased " + pm.collectionVariables.get("run") }) },
}, (error, answer) => {
    if (error || answer.code !== 201) {
        throw new Error("could not make a patient to erase: " + (error || answer.code));
    }
    pm.collectionVariables.set("erasedPatientId", answer.json().id);
});
