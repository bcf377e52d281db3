// Retiring a doctor ends their calendar and erasing a patient removes their record: the suite retires and erases
// records of its own making, not the doctor and patient it books with.
const run = pm.collectionVariables.get("run");
const throwaway = {
    doctors: { body: { name: "Dr. Retiring " + run }, variable: "retiringDoctorId" },
    patients: { body: { name: "Erased " + run }, variable: "erasedPatientId" },
}[pm.request.url.path[0]];
pm.sendRequest({
    url: pm.collectionVariables.get("baseUrl") + "/" + pm.request.url.path[0],
    method: "POST",
    header: { "Content-Type": "application/json", Authorization: "Bearer " + pm.collectionVariables.get("bearerToken") },
    body: { mode: "raw", raw: JSON.stringify(throwaway.body) },
}, (error, answer) => {
    if (error || answer.code !== 201) {
        throw new Error("could not make a record to remove: " + (error || answer.code));
    }
    pm.collectionVariables.set(throwaway.variable, answer.json().id);
});
