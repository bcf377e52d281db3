-- One database per service, owned by the services' role (POSTGRES_USER); run once on an empty volume.
create database appointment;
create database doctor_availability;
create database patient_contact;
create database notifications;
create database keycloak;
