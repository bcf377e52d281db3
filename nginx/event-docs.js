// Generated from the event catalogue by eventbus AsyncApiDocumentTests; do not edit.
// GET /asyncapi (AsyncAPI 3.0) and GET /docs/events (the same catalogue as a page).
const DOCUMENT = {
  "asyncapi" : "3.0.0",
  "info" : {
    "title" : "Clinic scheduling events",
    "version" : "1.0.0",
    "description" : "Every event the services exchange over NATS JetStream. Each is a CloudEvent 1.0 in structured JSON mode, published on the subject that equals its type, once (the outbox relay publishes with Nats-Msg-Id = id) and consumed by durable consumers <service>-<STREAM> that apply each id once. Streams: APPOINTMENTS (appointment.>), AVAILABILITY (availability.>), PATIENTS (patient.>), NOTIFICATIONS (notification.>), DEADLETTER (deadletter.>). A consumer that gives up on a message after its retries copies it to deadletter.<service>."
  },
  "servers" : {
    "nats" : {
      "host" : "localhost:4222",
      "protocol" : "nats",
      "description" : "NATS with JetStream (./clinic up; monitoring on 8222, loopback only). No anonymous client: each service is a user of its own, allowed what this document says it does.",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ]
    }
  },
  "defaultContentType" : "application/cloudevents+json",
  "channels" : {
    "appointment.scheduled" : {
      "address" : "appointment.scheduled",
      "title" : "appointment.scheduled",
      "description" : "An appointment was booked and waits for the doctor's availability to answer. Stream APPOINTMENTS.",
      "messages" : {
        "appointment.scheduled" : {
          "$ref" : "#/components/messages/appointment.scheduled"
        }
      }
    },
    "appointment.updated" : {
      "address" : "appointment.updated",
      "title" : "appointment.updated",
      "description" : "Notes changed, or a reschedule was asked for (previous_appointment_time is the time it keeps until availability answers). Stream APPOINTMENTS.",
      "messages" : {
        "appointment.updated" : {
          "$ref" : "#/components/messages/appointment.updated"
        }
      }
    },
    "appointment.rescheduled" : {
      "address" : "appointment.rescheduled",
      "title" : "appointment.rescheduled",
      "description" : "The doctor's availability accepted a new time; the appointment moved. Stream APPOINTMENTS.",
      "messages" : {
        "appointment.rescheduled" : {
          "$ref" : "#/components/messages/appointment.rescheduled"
        }
      }
    },
    "appointment.reschedule_refused" : {
      "address" : "appointment.reschedule_refused",
      "title" : "appointment.reschedule_refused",
      "description" : "A requested new time was refused (reason); the appointment keeps its time. Stream APPOINTMENTS.",
      "messages" : {
        "appointment.reschedule_refused" : {
          "$ref" : "#/components/messages/appointment.reschedule_refused"
        }
      }
    },
    "appointment.confirmed" : {
      "address" : "appointment.confirmed",
      "title" : "appointment.confirmed",
      "description" : "The doctor's availability blocked the slot: the booking stands. Stream APPOINTMENTS.",
      "messages" : {
        "appointment.confirmed" : {
          "$ref" : "#/components/messages/appointment.confirmed"
        }
      }
    },
    "appointment.rejected" : {
      "address" : "appointment.rejected",
      "title" : "appointment.rejected",
      "description" : "The booking was refused (reason: overlap, outside_working_hours, time_off, doctor_inactive, or availability_unavailable when no answer came in time). Stream APPOINTMENTS.",
      "messages" : {
        "appointment.rejected" : {
          "$ref" : "#/components/messages/appointment.rejected"
        }
      }
    },
    "appointment.cancelled" : {
      "address" : "appointment.cancelled",
      "title" : "appointment.cancelled",
      "description" : "The appointment was cancelled; its slot is freed. Stream APPOINTMENTS.",
      "messages" : {
        "appointment.cancelled" : {
          "$ref" : "#/components/messages/appointment.cancelled"
        }
      }
    },
    "appointment.completed" : {
      "address" : "appointment.completed",
      "title" : "appointment.completed",
      "description" : "The doctor recorded the appointment as held. Stream APPOINTMENTS.",
      "messages" : {
        "appointment.completed" : {
          "$ref" : "#/components/messages/appointment.completed"
        }
      }
    },
    "appointment.no_show" : {
      "address" : "appointment.no_show",
      "title" : "appointment.no_show",
      "description" : "The doctor recorded that the patient did not come. Stream APPOINTMENTS.",
      "messages" : {
        "appointment.no_show" : {
          "$ref" : "#/components/messages/appointment.no_show"
        }
      }
    },
    "availability.blocked" : {
      "address" : "availability.blocked",
      "title" : "availability.blocked",
      "description" : "The doctor's calendar holds the appointment's slot (an answer to scheduled or updated, same version). Stream AVAILABILITY.",
      "messages" : {
        "availability.blocked" : {
          "$ref" : "#/components/messages/availability.blocked"
        }
      }
    },
    "availability.conflict" : {
      "address" : "availability.conflict",
      "title" : "availability.conflict",
      "description" : "The slot cannot be held (reason); the appointment service rejects the booking or refuses the reschedule. Stream AVAILABILITY.",
      "messages" : {
        "availability.conflict" : {
          "$ref" : "#/components/messages/availability.conflict"
        }
      }
    },
    "availability.freed" : {
      "address" : "availability.freed",
      "title" : "availability.freed",
      "description" : "A block was released: the appointment was cancelled, rejected, completed or missed. Stream AVAILABILITY.",
      "messages" : {
        "availability.freed" : {
          "$ref" : "#/components/messages/availability.freed"
        }
      }
    },
    "availability.updated" : {
      "address" : "availability.updated",
      "title" : "availability.updated",
      "description" : "A doctor's working hours, time off or windows changed (subject is the doctor id). Stream AVAILABILITY.",
      "messages" : {
        "availability.updated" : {
          "$ref" : "#/components/messages/availability.updated"
        }
      }
    },
    "patient.created" : {
      "address" : "patient.created",
      "title" : "patient.created",
      "description" : "A patient was registered, with the contact details notifications use. Stream PATIENTS.",
      "messages" : {
        "patient.created" : {
          "$ref" : "#/components/messages/patient.created"
        }
      }
    },
    "patient.updated" : {
      "address" : "patient.updated",
      "title" : "patient.updated",
      "description" : "A patient's contact details or preferences changed. Stream PATIENTS.",
      "messages" : {
        "patient.updated" : {
          "$ref" : "#/components/messages/patient.updated"
        }
      }
    },
    "patient.deleted" : {
      "address" : "patient.deleted",
      "title" : "patient.deleted",
      "description" : "A patient was erased: consumers remove what they keep about them (only patient_id is sent). Stream PATIENTS.",
      "messages" : {
        "patient.deleted" : {
          "$ref" : "#/components/messages/patient.deleted"
        }
      }
    },
    "notification.sent" : {
      "address" : "notification.sent",
      "title" : "notification.sent",
      "description" : "A patient was told about an appointment (channel email, sms, or log when no contact is known). Stream NOTIFICATIONS.",
      "messages" : {
        "notification.sent" : {
          "$ref" : "#/components/messages/notification.sent"
        }
      }
    },
    "notification.failed" : {
      "address" : "notification.failed",
      "title" : "notification.failed",
      "description" : "Delivering a notification failed for good (error). Stream NOTIFICATIONS.",
      "messages" : {
        "notification.failed" : {
          "$ref" : "#/components/messages/notification.failed"
        }
      }
    },
    "deadletter" : {
      "address" : "deadletter.{service}",
      "title" : "deadletter.<service>",
      "description" : "A message a service's consumer gave up on, with where it came from and the last error; ./clinic deadletters lists and replays them. Stream DEADLETTER.",
      "parameters" : {
        "service" : {
          "enum" : [ "appointment", "doctor-availability", "patient-contact", "notifications" ],
          "description" : "The service whose consumer gave up"
        }
      },
      "messages" : {
        "deadletter" : {
          "$ref" : "#/components/messages/deadletter"
        }
      }
    }
  },
  "operations" : {
    "appointment.sends.appointment.scheduled" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/appointment.scheduled"
      },
      "summary" : "appointment publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.scheduled/messages/appointment.scheduled"
      } ]
    },
    "doctor-availability.receives.appointment.scheduled" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.scheduled"
      },
      "summary" : "doctor-availability consumes it (durable consumer doctor-availability-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.scheduled/messages/appointment.scheduled"
      } ]
    },
    "patient-contact.receives.appointment.scheduled" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.scheduled"
      },
      "summary" : "patient-contact consumes it (durable consumer patient-contact-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.scheduled/messages/appointment.scheduled"
      } ]
    },
    "appointment.sends.appointment.updated" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/appointment.updated"
      },
      "summary" : "appointment publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.updated/messages/appointment.updated"
      } ]
    },
    "doctor-availability.receives.appointment.updated" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.updated"
      },
      "summary" : "doctor-availability consumes it (durable consumer doctor-availability-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.updated/messages/appointment.updated"
      } ]
    },
    "patient-contact.receives.appointment.updated" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.updated"
      },
      "summary" : "patient-contact consumes it (durable consumer patient-contact-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.updated/messages/appointment.updated"
      } ]
    },
    "appointment.sends.appointment.rescheduled" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/appointment.rescheduled"
      },
      "summary" : "appointment publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.rescheduled/messages/appointment.rescheduled"
      } ]
    },
    "patient-contact.receives.appointment.rescheduled" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.rescheduled"
      },
      "summary" : "patient-contact consumes it (durable consumer patient-contact-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.rescheduled/messages/appointment.rescheduled"
      } ]
    },
    "notifications.receives.appointment.rescheduled" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.rescheduled"
      },
      "summary" : "notifications consumes it (durable consumer notifications-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.rescheduled/messages/appointment.rescheduled"
      } ]
    },
    "appointment.sends.appointment.reschedule_refused" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/appointment.reschedule_refused"
      },
      "summary" : "appointment publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.reschedule_refused/messages/appointment.reschedule_refused"
      } ]
    },
    "doctor-availability.receives.appointment.reschedule_refused" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.reschedule_refused"
      },
      "summary" : "doctor-availability consumes it (durable consumer doctor-availability-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.reschedule_refused/messages/appointment.reschedule_refused"
      } ]
    },
    "patient-contact.receives.appointment.reschedule_refused" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.reschedule_refused"
      },
      "summary" : "patient-contact consumes it (durable consumer patient-contact-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.reschedule_refused/messages/appointment.reschedule_refused"
      } ]
    },
    "appointment.sends.appointment.confirmed" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/appointment.confirmed"
      },
      "summary" : "appointment publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.confirmed/messages/appointment.confirmed"
      } ]
    },
    "patient-contact.receives.appointment.confirmed" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.confirmed"
      },
      "summary" : "patient-contact consumes it (durable consumer patient-contact-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.confirmed/messages/appointment.confirmed"
      } ]
    },
    "notifications.receives.appointment.confirmed" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.confirmed"
      },
      "summary" : "notifications consumes it (durable consumer notifications-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.confirmed/messages/appointment.confirmed"
      } ]
    },
    "appointment.sends.appointment.rejected" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/appointment.rejected"
      },
      "summary" : "appointment publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.rejected/messages/appointment.rejected"
      } ]
    },
    "doctor-availability.receives.appointment.rejected" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.rejected"
      },
      "summary" : "doctor-availability consumes it (durable consumer doctor-availability-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.rejected/messages/appointment.rejected"
      } ]
    },
    "patient-contact.receives.appointment.rejected" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.rejected"
      },
      "summary" : "patient-contact consumes it (durable consumer patient-contact-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.rejected/messages/appointment.rejected"
      } ]
    },
    "notifications.receives.appointment.rejected" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.rejected"
      },
      "summary" : "notifications consumes it (durable consumer notifications-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.rejected/messages/appointment.rejected"
      } ]
    },
    "appointment.sends.appointment.cancelled" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/appointment.cancelled"
      },
      "summary" : "appointment publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.cancelled/messages/appointment.cancelled"
      } ]
    },
    "doctor-availability.receives.appointment.cancelled" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.cancelled"
      },
      "summary" : "doctor-availability consumes it (durable consumer doctor-availability-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.cancelled/messages/appointment.cancelled"
      } ]
    },
    "patient-contact.receives.appointment.cancelled" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.cancelled"
      },
      "summary" : "patient-contact consumes it (durable consumer patient-contact-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.cancelled/messages/appointment.cancelled"
      } ]
    },
    "notifications.receives.appointment.cancelled" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.cancelled"
      },
      "summary" : "notifications consumes it (durable consumer notifications-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.cancelled/messages/appointment.cancelled"
      } ]
    },
    "appointment.sends.appointment.completed" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/appointment.completed"
      },
      "summary" : "appointment publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.completed/messages/appointment.completed"
      } ]
    },
    "doctor-availability.receives.appointment.completed" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.completed"
      },
      "summary" : "doctor-availability consumes it (durable consumer doctor-availability-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.completed/messages/appointment.completed"
      } ]
    },
    "patient-contact.receives.appointment.completed" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.completed"
      },
      "summary" : "patient-contact consumes it (durable consumer patient-contact-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.completed/messages/appointment.completed"
      } ]
    },
    "notifications.receives.appointment.completed" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.completed"
      },
      "summary" : "notifications consumes it (durable consumer notifications-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.completed/messages/appointment.completed"
      } ]
    },
    "appointment.sends.appointment.no_show" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/appointment.no_show"
      },
      "summary" : "appointment publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.no_show/messages/appointment.no_show"
      } ]
    },
    "doctor-availability.receives.appointment.no_show" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.no_show"
      },
      "summary" : "doctor-availability consumes it (durable consumer doctor-availability-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.no_show/messages/appointment.no_show"
      } ]
    },
    "patient-contact.receives.appointment.no_show" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.no_show"
      },
      "summary" : "patient-contact consumes it (durable consumer patient-contact-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.no_show/messages/appointment.no_show"
      } ]
    },
    "notifications.receives.appointment.no_show" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/appointment.no_show"
      },
      "summary" : "notifications consumes it (durable consumer notifications-APPOINTMENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/appointment.no_show/messages/appointment.no_show"
      } ]
    },
    "doctor-availability.sends.availability.blocked" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/availability.blocked"
      },
      "summary" : "doctor-availability publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/availability.blocked/messages/availability.blocked"
      } ]
    },
    "appointment.receives.availability.blocked" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/availability.blocked"
      },
      "summary" : "appointment consumes it (durable consumer appointment-AVAILABILITY)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/availability.blocked/messages/availability.blocked"
      } ]
    },
    "doctor-availability.sends.availability.conflict" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/availability.conflict"
      },
      "summary" : "doctor-availability publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/availability.conflict/messages/availability.conflict"
      } ]
    },
    "appointment.receives.availability.conflict" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/availability.conflict"
      },
      "summary" : "appointment consumes it (durable consumer appointment-AVAILABILITY)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/availability.conflict/messages/availability.conflict"
      } ]
    },
    "doctor-availability.sends.availability.freed" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/availability.freed"
      },
      "summary" : "doctor-availability publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/availability.freed/messages/availability.freed"
      } ]
    },
    "doctor-availability.sends.availability.updated" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/availability.updated"
      },
      "summary" : "doctor-availability publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/availability.updated/messages/availability.updated"
      } ]
    },
    "patient-contact.sends.patient.created" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/patient.created"
      },
      "summary" : "patient-contact publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/patient.created/messages/patient.created"
      } ]
    },
    "notifications.receives.patient.created" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/patient.created"
      },
      "summary" : "notifications consumes it (durable consumer notifications-PATIENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/patient.created/messages/patient.created"
      } ]
    },
    "patient-contact.sends.patient.updated" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/patient.updated"
      },
      "summary" : "patient-contact publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/patient.updated/messages/patient.updated"
      } ]
    },
    "notifications.receives.patient.updated" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/patient.updated"
      },
      "summary" : "notifications consumes it (durable consumer notifications-PATIENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/patient.updated/messages/patient.updated"
      } ]
    },
    "patient-contact.sends.patient.deleted" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/patient.deleted"
      },
      "summary" : "patient-contact publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/patient.deleted/messages/patient.deleted"
      } ]
    },
    "notifications.receives.patient.deleted" : {
      "action" : "receive",
      "channel" : {
        "$ref" : "#/channels/patient.deleted"
      },
      "summary" : "notifications consumes it (durable consumer notifications-PATIENTS)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/patient.deleted/messages/patient.deleted"
      } ]
    },
    "notifications.sends.notification.sent" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/notification.sent"
      },
      "summary" : "notifications publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/notification.sent/messages/notification.sent"
      } ]
    },
    "notifications.sends.notification.failed" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/notification.failed"
      },
      "summary" : "notifications publishes it (from its transactional outbox)",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/notification.failed/messages/notification.failed"
      } ]
    },
    "appointment.sends.deadletter" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/deadletter"
      },
      "summary" : "appointment copies a message it gave up on",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/deadletter/messages/deadletter"
      } ]
    },
    "doctor-availability.sends.deadletter" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/deadletter"
      },
      "summary" : "doctor-availability copies a message it gave up on",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/deadletter/messages/deadletter"
      } ]
    },
    "patient-contact.sends.deadletter" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/deadletter"
      },
      "summary" : "patient-contact copies a message it gave up on",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/deadletter/messages/deadletter"
      } ]
    },
    "notifications.sends.deadletter" : {
      "action" : "send",
      "channel" : {
        "$ref" : "#/channels/deadletter"
      },
      "summary" : "notifications copies a message it gave up on",
      "security" : [ {
        "$ref" : "#/components/securitySchemes/natsNKey"
      } ],
      "messages" : [ {
        "$ref" : "#/channels/deadletter/messages/deadletter"
      } ]
    }
  },
  "components" : {
    "messages" : {
      "appointment.scheduled" : {
        "name" : "appointment.scheduled",
        "title" : "appointment.scheduled",
        "summary" : "An appointment was booked and waits for the doctor's availability to answer.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "appointment.scheduled"
              },
              "data" : {
                "$ref" : "#/components/schemas/AppointmentEventData"
              }
            }
          } ]
        }
      },
      "appointment.updated" : {
        "name" : "appointment.updated",
        "title" : "appointment.updated",
        "summary" : "Notes changed, or a reschedule was asked for (previous_appointment_time is the time it keeps until availability answers).",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "appointment.updated"
              },
              "data" : {
                "$ref" : "#/components/schemas/AppointmentEventData"
              }
            }
          } ]
        }
      },
      "appointment.rescheduled" : {
        "name" : "appointment.rescheduled",
        "title" : "appointment.rescheduled",
        "summary" : "The doctor's availability accepted a new time; the appointment moved.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "appointment.rescheduled"
              },
              "data" : {
                "$ref" : "#/components/schemas/AppointmentEventData"
              }
            }
          } ]
        }
      },
      "appointment.reschedule_refused" : {
        "name" : "appointment.reschedule_refused",
        "title" : "appointment.reschedule_refused",
        "summary" : "A requested new time was refused (reason); the appointment keeps its time.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "appointment.reschedule_refused"
              },
              "data" : {
                "$ref" : "#/components/schemas/AppointmentEventData"
              }
            }
          } ]
        }
      },
      "appointment.confirmed" : {
        "name" : "appointment.confirmed",
        "title" : "appointment.confirmed",
        "summary" : "The doctor's availability blocked the slot: the booking stands.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "appointment.confirmed"
              },
              "data" : {
                "$ref" : "#/components/schemas/AppointmentEventData"
              }
            }
          } ]
        }
      },
      "appointment.rejected" : {
        "name" : "appointment.rejected",
        "title" : "appointment.rejected",
        "summary" : "The booking was refused (reason: overlap, outside_working_hours, time_off, doctor_inactive, or availability_unavailable when no answer came in time).",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "appointment.rejected"
              },
              "data" : {
                "$ref" : "#/components/schemas/AppointmentEventData"
              }
            }
          } ]
        }
      },
      "appointment.cancelled" : {
        "name" : "appointment.cancelled",
        "title" : "appointment.cancelled",
        "summary" : "The appointment was cancelled; its slot is freed.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "appointment.cancelled"
              },
              "data" : {
                "$ref" : "#/components/schemas/AppointmentEventData"
              }
            }
          } ]
        }
      },
      "appointment.completed" : {
        "name" : "appointment.completed",
        "title" : "appointment.completed",
        "summary" : "The doctor recorded the appointment as held.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "appointment.completed"
              },
              "data" : {
                "$ref" : "#/components/schemas/AppointmentEventData"
              }
            }
          } ]
        }
      },
      "appointment.no_show" : {
        "name" : "appointment.no_show",
        "title" : "appointment.no_show",
        "summary" : "The doctor recorded that the patient did not come.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "appointment.no_show"
              },
              "data" : {
                "$ref" : "#/components/schemas/AppointmentEventData"
              }
            }
          } ]
        }
      },
      "availability.blocked" : {
        "name" : "availability.blocked",
        "title" : "availability.blocked",
        "summary" : "The doctor's calendar holds the appointment's slot (an answer to scheduled or updated, same version).",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "availability.blocked"
              },
              "data" : {
                "$ref" : "#/components/schemas/AvailabilityEventData"
              }
            }
          } ]
        }
      },
      "availability.conflict" : {
        "name" : "availability.conflict",
        "title" : "availability.conflict",
        "summary" : "The slot cannot be held (reason); the appointment service rejects the booking or refuses the reschedule.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "availability.conflict"
              },
              "data" : {
                "$ref" : "#/components/schemas/AvailabilityEventData"
              }
            }
          } ]
        }
      },
      "availability.freed" : {
        "name" : "availability.freed",
        "title" : "availability.freed",
        "summary" : "A block was released: the appointment was cancelled, rejected, completed or missed.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "availability.freed"
              },
              "data" : {
                "$ref" : "#/components/schemas/AvailabilityEventData"
              }
            }
          } ]
        }
      },
      "availability.updated" : {
        "name" : "availability.updated",
        "title" : "availability.updated",
        "summary" : "A doctor's working hours, time off or windows changed (subject is the doctor id).",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "availability.updated"
              },
              "data" : {
                "$ref" : "#/components/schemas/AvailabilityEventData"
              }
            }
          } ]
        }
      },
      "patient.created" : {
        "name" : "patient.created",
        "title" : "patient.created",
        "summary" : "A patient was registered, with the contact details notifications use.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "patient.created"
              },
              "data" : {
                "$ref" : "#/components/schemas/PatientEventData"
              }
            }
          } ]
        }
      },
      "patient.updated" : {
        "name" : "patient.updated",
        "title" : "patient.updated",
        "summary" : "A patient's contact details or preferences changed.",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "patient.updated"
              },
              "data" : {
                "$ref" : "#/components/schemas/PatientEventData"
              }
            }
          } ]
        }
      },
      "patient.deleted" : {
        "name" : "patient.deleted",
        "title" : "patient.deleted",
        "summary" : "A patient was erased: consumers remove what they keep about them (only patient_id is sent).",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "patient.deleted"
              },
              "data" : {
                "$ref" : "#/components/schemas/PatientEventData"
              }
            }
          } ]
        }
      },
      "notification.sent" : {
        "name" : "notification.sent",
        "title" : "notification.sent",
        "summary" : "A patient was told about an appointment (channel email, sms, or log when no contact is known).",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "notification.sent"
              },
              "data" : {
                "$ref" : "#/components/schemas/NotificationEventData"
              }
            }
          } ]
        }
      },
      "notification.failed" : {
        "name" : "notification.failed",
        "title" : "notification.failed",
        "summary" : "Delivering a notification failed for good (error).",
        "contentType" : "application/cloudevents+json",
        "correlationId" : {
          "description" : "The request that caused it, across every event it led to",
          "location" : "$message.payload#/correlationid"
        },
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "type" : {
                "const" : "notification.failed"
              },
              "data" : {
                "$ref" : "#/components/schemas/NotificationEventData"
              }
            }
          } ]
        }
      },
      "deadletter" : {
        "name" : "deadletter",
        "title" : "deadletter.<service>",
        "contentType" : "application/cloudevents+json",
        "payload" : {
          "allOf" : [ {
            "$ref" : "#/components/schemas/CloudEvent"
          }, {
            "type" : "object",
            "properties" : {
              "data" : {
                "$ref" : "#/components/schemas/DeadLetterData"
              }
            }
          } ]
        }
      }
    },
    "schemas" : {
      "CloudEvent" : {
        "type" : "object",
        "description" : "A CloudEvent 1.0, structured JSON mode",
        "required" : [ "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data", "correlationid" ],
        "properties" : {
          "specversion" : {
            "type" : "string",
            "const" : "1.0"
          },
          "id" : {
            "type" : "string",
            "format" : "uuid",
            "description" : "Unique per event; also the Nats-Msg-Id, so a republished event is dropped"
          },
          "source" : {
            "type" : "string",
            "format" : "uri-reference",
            "description" : "/clinic/<service> of the publisher",
            "examples" : [ "/clinic/appointment" ]
          },
          "type" : {
            "type" : "string",
            "description" : "The NATS subject the event is published on"
          },
          "subject" : {
            "type" : "string",
            "description" : "The aggregate: the appointment id, or the patient or doctor id"
          },
          "time" : {
            "type" : "string",
            "format" : "date-time"
          },
          "datacontenttype" : {
            "type" : "string",
            "const" : "application/json"
          },
          "data" : {
            "type" : "object"
          },
          "correlationid" : {
            "type" : "string",
            "description" : "Extension: the id shared by everything one request caused"
          },
          "causationid" : {
            "type" : "string",
            "description" : "Extension: the id of the event this one answers, if any"
          },
          "actor" : {
            "type" : "string",
            "description" : "Extension: the token subject of the request, or service:<name>"
          },
          "traceparent" : {
            "type" : "string",
            "pattern" : "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
            "description" : "Extension (CloudEvents distributed tracing): the W3C trace context of the span that published it; consumers continue the trace"
          },
          "tracestate" : {
            "type" : "string",
            "description" : "Extension (CloudEvents distributed tracing): W3C tracestate, when any"
          }
        }
      },
      "AppointmentEventData" : {
        "type" : "object",
        "properties" : {
          "appointment_id" : {
            "type" : "string"
          },
          "patient_id" : {
            "type" : "string"
          },
          "doctor_id" : {
            "type" : "string"
          },
          "appointment_time" : {
            "type" : "string",
            "format" : "date-time"
          },
          "end_time" : {
            "type" : "string",
            "format" : "date-time"
          },
          "duration_minutes" : {
            "type" : "integer"
          },
          "status" : {
            "type" : "string"
          },
          "version" : {
            "type" : "integer"
          },
          "time_zone" : {
            "type" : "string"
          },
          "previous_appointment_time" : {
            "type" : "string",
            "format" : "date-time"
          },
          "reason" : {
            "$ref" : "#/components/schemas/Reason"
          }
        },
        "required" : [ "duration_minutes", "version" ]
      },
      "Reason" : {
        "type" : "object",
        "description" : "Why the appointment was rejected, refused or cancelled",
        "properties" : {
          "code" : {
            "type" : "string"
          },
          "message" : {
            "type" : "string"
          }
        }
      },
      "AvailabilityEventData" : {
        "type" : "object",
        "properties" : {
          "appointment_id" : {
            "type" : "string"
          },
          "doctor_id" : {
            "type" : "string"
          },
          "start_time" : {
            "type" : "string",
            "format" : "date-time"
          },
          "end_time" : {
            "type" : "string",
            "format" : "date-time"
          },
          "time_zone" : {
            "type" : "string"
          },
          "version" : {
            "type" : "integer"
          },
          "reason" : {
            "$ref" : "#/components/schemas/Reason"
          }
        }
      },
      "PatientEventData" : {
        "type" : "object",
        "properties" : {
          "patient_id" : {
            "type" : "string"
          },
          "sealed_contact" : {
            "type" : "string"
          },
          "notification_preferences" : {
            "type" : "object",
            "additionalProperties" : {
              "type" : "boolean"
            }
          }
        }
      },
      "NotificationEventData" : {
        "type" : "object",
        "properties" : {
          "notification_id" : {
            "type" : "string"
          },
          "appointment_id" : {
            "type" : "string"
          },
          "patient_id" : {
            "type" : "string"
          },
          "notification_type" : {
            "type" : "string"
          },
          "channel" : {
            "type" : "string"
          },
          "message" : {
            "type" : "string"
          },
          "error" : {
            "type" : "string"
          }
        }
      },
      "DeadLetterData" : {
        "type" : "object",
        "properties" : {
          "consumer" : {
            "type" : "string"
          },
          "original_subject" : {
            "type" : "string"
          },
          "original_event_id" : {
            "type" : "string"
          },
          "stream_sequence" : {
            "type" : "integer"
          },
          "delivered_count" : {
            "type" : "integer"
          },
          "error" : {
            "type" : "string"
          },
          "original" : {
            "type" : "string"
          }
        },
        "required" : [ "stream_sequence", "delivered_count" ]
      }
    },
    "securitySchemes" : {
      "natsNKey" : {
        "type" : "asymmetricEncryption",
        "description" : "Each service connects as its own NATS user, known by an NKey (the server's challenge signed with an Ed25519 seed made at first start, never in the repository). Its permissions are generated from this catalogue (clinic.eventbus.NatsAccess): it publishes only the events it sends here, its own dead letters and answers to the questions it is asked; it receives only through its own durable consumers; it manages only the streams it publishes to; it reads replies only under its own inbox prefix (_INBOX_<service>), so no other user reads them. Patient contact details travel sealed under the patient's own key, which erasure destroys."
      }
    }
  }
};

const PAGE = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Clinic scheduling events</title>\n<style>\nbody{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem;color:#1d2733}\ntable{border-collapse:collapse;width:100%;margin-bottom:2rem}\nth,td{border:1px solid #c9d2dc;padding:.4rem .6rem;text-align:left;vertical-align:top}\nth{background:#eef2f6}code{font-size:.95em}.fields{font-size:.9em;color:#3b4754}\n</style>\n</head>\n<body>\n<h1>Clinic scheduling events</h1>\n<p>Every event the services exchange over NATS JetStream. Each is a CloudEvent 1.0 in structured JSON mode, published on the subject that equals its type, once (the outbox relay publishes with Nats-Msg-Id = id) and consumed by durable consumers &lt;service&gt;-&lt;STREAM&gt; that apply each id once. Streams: APPOINTMENTS (appointment.&gt;), AVAILABILITY (availability.&gt;), PATIENTS (patient.&gt;), NOTIFICATIONS (notification.&gt;), DEADLETTER (deadletter.&gt;). A consumer that gives up on a message after its retries copies it to deadletter.&lt;service&gt;.</p>\n<p>Machine-readable: <a href=\"/asyncapi\">/asyncapi</a> (AsyncAPI 3.0).</p>\n<h2>APPOINTMENTS <code>appointment.></code></h2>\n<table>\n<tr><th>event</th><th>published by</th><th>consumed by</th><th>meaning</th><th>data</th></tr>\n<tr><td><code>appointment.scheduled</code></td><td>appointment</td><td>doctor-availability, patient-contact</td><td>An appointment was booked and waits for the doctor's availability to answer.</td><td class=\"fields\"><code>appointment_id</code> string, <code>patient_id</code> string, <code>doctor_id</code> string, <code>appointment_time</code> string, <code>end_time</code> string, <code>duration_minutes</code> integer, <code>status</code> string, <code>version</code> integer, <code>time_zone</code> string, <code>previous_appointment_time</code> string, <code>reason</code> Reason</td></tr>\n<tr><td><code>appointment.updated</code></td><td>appointment</td><td>doctor-availability, patient-contact</td><td>Notes changed, or a reschedule was asked for (previous_appointment_time is the time it keeps until availability answers).</td><td class=\"fields\"><code>appointment_id</code> string, <code>patient_id</code> string, <code>doctor_id</code> string, <code>appointment_time</code> string, <code>end_time</code> string, <code>duration_minutes</code> integer, <code>status</code> string, <code>version</code> integer, <code>time_zone</code> string, <code>previous_appointment_time</code> string, <code>reason</code> Reason</td></tr>\n<tr><td><code>appointment.rescheduled</code></td><td>appointment</td><td>patient-contact, notifications</td><td>The doctor's availability accepted a new time; the appointment moved.</td><td class=\"fields\"><code>appointment_id</code> string, <code>patient_id</code> string, <code>doctor_id</code> string, <code>appointment_time</code> string, <code>end_time</code> string, <code>duration_minutes</code> integer, <code>status</code> string, <code>version</code> integer, <code>time_zone</code> string, <code>previous_appointment_time</code> string, <code>reason</code> Reason</td></tr>\n<tr><td><code>appointment.reschedule_refused</code></td><td>appointment</td><td>doctor-availability, patient-contact</td><td>A requested new time was refused (reason); the appointment keeps its time.</td><td class=\"fields\"><code>appointment_id</code> string, <code>patient_id</code> string, <code>doctor_id</code> string, <code>appointment_time</code> string, <code>end_time</code> string, <code>duration_minutes</code> integer, <code>status</code> string, <code>version</code> integer, <code>time_zone</code> string, <code>previous_appointment_time</code> string, <code>reason</code> Reason</td></tr>\n<tr><td><code>appointment.confirmed</code></td><td>appointment</td><td>patient-contact, notifications</td><td>The doctor's availability blocked the slot: the booking stands.</td><td class=\"fields\"><code>appointment_id</code> string, <code>patient_id</code> string, <code>doctor_id</code> string, <code>appointment_time</code> string, <code>end_time</code> string, <code>duration_minutes</code> integer, <code>status</code> string, <code>version</code> integer, <code>time_zone</code> string, <code>previous_appointment_time</code> string, <code>reason</code> Reason</td></tr>\n<tr><td><code>appointment.rejected</code></td><td>appointment</td><td>doctor-availability, patient-contact, notifications</td><td>The booking was refused (reason: overlap, outside_working_hours, time_off, doctor_inactive, or availability_unavailable when no answer came in time).</td><td class=\"fields\"><code>appointment_id</code> string, <code>patient_id</code> string, <code>doctor_id</code> string, <code>appointment_time</code> string, <code>end_time</code> string, <code>duration_minutes</code> integer, <code>status</code> string, <code>version</code> integer, <code>time_zone</code> string, <code>previous_appointment_time</code> string, <code>reason</code> Reason</td></tr>\n<tr><td><code>appointment.cancelled</code></td><td>appointment</td><td>doctor-availability, patient-contact, notifications</td><td>The appointment was cancelled; its slot is freed.</td><td class=\"fields\"><code>appointment_id</code> string, <code>patient_id</code> string, <code>doctor_id</code> string, <code>appointment_time</code> string, <code>end_time</code> string, <code>duration_minutes</code> integer, <code>status</code> string, <code>version</code> integer, <code>time_zone</code> string, <code>previous_appointment_time</code> string, <code>reason</code> Reason</td></tr>\n<tr><td><code>appointment.completed</code></td><td>appointment</td><td>doctor-availability, patient-contact, notifications</td><td>The doctor recorded the appointment as held.</td><td class=\"fields\"><code>appointment_id</code> string, <code>patient_id</code> string, <code>doctor_id</code> string, <code>appointment_time</code> string, <code>end_time</code> string, <code>duration_minutes</code> integer, <code>status</code> string, <code>version</code> integer, <code>time_zone</code> string, <code>previous_appointment_time</code> string, <code>reason</code> Reason</td></tr>\n<tr><td><code>appointment.no_show</code></td><td>appointment</td><td>doctor-availability, patient-contact, notifications</td><td>The doctor recorded that the patient did not come.</td><td class=\"fields\"><code>appointment_id</code> string, <code>patient_id</code> string, <code>doctor_id</code> string, <code>appointment_time</code> string, <code>end_time</code> string, <code>duration_minutes</code> integer, <code>status</code> string, <code>version</code> integer, <code>time_zone</code> string, <code>previous_appointment_time</code> string, <code>reason</code> Reason</td></tr>\n</table>\n<h2>AVAILABILITY <code>availability.></code></h2>\n<table>\n<tr><th>event</th><th>published by</th><th>consumed by</th><th>meaning</th><th>data</th></tr>\n<tr><td><code>availability.blocked</code></td><td>doctor-availability</td><td>appointment</td><td>The doctor's calendar holds the appointment's slot (an answer to scheduled or updated, same version).</td><td class=\"fields\"><code>appointment_id</code> string, <code>doctor_id</code> string, <code>start_time</code> string, <code>end_time</code> string, <code>time_zone</code> string, <code>version</code> integer, <code>reason</code> Reason</td></tr>\n<tr><td><code>availability.conflict</code></td><td>doctor-availability</td><td>appointment</td><td>The slot cannot be held (reason); the appointment service rejects the booking or refuses the reschedule.</td><td class=\"fields\"><code>appointment_id</code> string, <code>doctor_id</code> string, <code>start_time</code> string, <code>end_time</code> string, <code>time_zone</code> string, <code>version</code> integer, <code>reason</code> Reason</td></tr>\n<tr><td><code>availability.freed</code></td><td>doctor-availability</td><td>&mdash;</td><td>A block was released: the appointment was cancelled, rejected, completed or missed.</td><td class=\"fields\"><code>appointment_id</code> string, <code>doctor_id</code> string, <code>start_time</code> string, <code>end_time</code> string, <code>time_zone</code> string, <code>version</code> integer, <code>reason</code> Reason</td></tr>\n<tr><td><code>availability.updated</code></td><td>doctor-availability</td><td>&mdash;</td><td>A doctor's working hours, time off or windows changed (subject is the doctor id).</td><td class=\"fields\"><code>appointment_id</code> string, <code>doctor_id</code> string, <code>start_time</code> string, <code>end_time</code> string, <code>time_zone</code> string, <code>version</code> integer, <code>reason</code> Reason</td></tr>\n</table>\n<h2>PATIENTS <code>patient.></code></h2>\n<table>\n<tr><th>event</th><th>published by</th><th>consumed by</th><th>meaning</th><th>data</th></tr>\n<tr><td><code>patient.created</code></td><td>patient-contact</td><td>notifications</td><td>A patient was registered, with the contact details notifications use.</td><td class=\"fields\"><code>patient_id</code> string, <code>sealed_contact</code> string, <code>notification_preferences</code> object</td></tr>\n<tr><td><code>patient.updated</code></td><td>patient-contact</td><td>notifications</td><td>A patient's contact details or preferences changed.</td><td class=\"fields\"><code>patient_id</code> string, <code>sealed_contact</code> string, <code>notification_preferences</code> object</td></tr>\n<tr><td><code>patient.deleted</code></td><td>patient-contact</td><td>notifications</td><td>A patient was erased: consumers remove what they keep about them (only patient_id is sent).</td><td class=\"fields\"><code>patient_id</code> string, <code>sealed_contact</code> string, <code>notification_preferences</code> object</td></tr>\n</table>\n<h2>NOTIFICATIONS <code>notification.></code></h2>\n<table>\n<tr><th>event</th><th>published by</th><th>consumed by</th><th>meaning</th><th>data</th></tr>\n<tr><td><code>notification.sent</code></td><td>notifications</td><td>&mdash;</td><td>A patient was told about an appointment (channel email, sms, or log when no contact is known).</td><td class=\"fields\"><code>notification_id</code> string, <code>appointment_id</code> string, <code>patient_id</code> string, <code>notification_type</code> string, <code>channel</code> string, <code>message</code> string, <code>error</code> string</td></tr>\n<tr><td><code>notification.failed</code></td><td>notifications</td><td>&mdash;</td><td>Delivering a notification failed for good (error).</td><td class=\"fields\"><code>notification_id</code> string, <code>appointment_id</code> string, <code>patient_id</code> string, <code>notification_type</code> string, <code>channel</code> string, <code>message</code> string, <code>error</code> string</td></tr>\n</table>\n<h2>DEADLETTER <code>deadletter.&gt;</code></h2>\n<p>A message a service's consumer gave up on, with where it came from and the last error; ./clinic deadletters lists and replays them. Stream DEADLETTER.</p>\n<h2>Envelope</h2>\n<table>\n<tr><th>attribute</th><th>meaning</th></tr>\n<tr><td><code>specversion</code></td><td>string</td></tr>\n<tr><td><code>id</code></td><td>Unique per event; also the Nats-Msg-Id, so a republished event is dropped</td></tr>\n<tr><td><code>source</code></td><td>/clinic/&lt;service&gt; of the publisher</td></tr>\n<tr><td><code>type</code></td><td>The NATS subject the event is published on</td></tr>\n<tr><td><code>subject</code></td><td>The aggregate: the appointment id, or the patient or doctor id</td></tr>\n<tr><td><code>time</code></td><td>string</td></tr>\n<tr><td><code>datacontenttype</code></td><td>string</td></tr>\n<tr><td><code>data</code></td><td>object</td></tr>\n<tr><td><code>correlationid</code></td><td>Extension: the id shared by everything one request caused</td></tr>\n<tr><td><code>causationid</code></td><td>Extension: the id of the event this one answers, if any</td></tr>\n<tr><td><code>actor</code></td><td>Extension: the token subject of the request, or service:&lt;name&gt;</td></tr>\n<tr><td><code>traceparent</code></td><td>Extension (CloudEvents distributed tracing): the W3C trace context of the span that published it; consumers continue the trace</td></tr>\n<tr><td><code>tracestate</code></td><td>Extension (CloudEvents distributed tracing): W3C tracestate, when any</td></tr>\n</table>\n</body>\n</html>\n";

function asyncapi(r) {
    r.headersOut['Content-Type'] = 'application/json';
    r.return(200, JSON.stringify(DOCUMENT, null, 2));
}

function page(r) {
    r.headersOut['Content-Type'] = 'text/html; charset=utf-8';
    r.return(200, PAGE);
}

export default { asyncapi, page };
