package clinic.appointment.fhir;

import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactDetail;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MarkdownType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.UrlType;
import org.hl7.fhir.r4.model.UsageContext;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The FHIR model classes HAPI's parser reflects on (their fields, annotations and constructors), registered for
 * a native image: the resources this API reads and writes, with their nested components and enum factories, and
 * the data types they hold.
 */
@RegisterForReflection(ignoreNested = false, targets = { Base.class, Element.class, BackboneElement.class,
        Resource.class, DomainResource.class, Appointment.class, Bundle.class, CapabilityStatement.class,
        OperationOutcome.class, Parameters.class, Patient.class, Practitioner.class, Schedule.class, Slot.class,
        HumanName.class, DateType.class, Annotation.class, BooleanType.class, CanonicalType.class,
        CodeType.class, CodeableConcept.class, Coding.class, ContactDetail.class, ContactPoint.class,
        DateTimeType.class, DecimalType.class, Enumeration.class, Extension.class, IdType.class, Identifier.class,
        InstantType.class, IntegerType.class, MarkdownType.class, Meta.class, Narrative.class, Period.class,
        PositiveIntType.class, Reference.class, StringType.class, UnsignedIntType.class, UriType.class,
        UrlType.class, UsageContext.class })
final class FhirModelReflection {

    private FhirModelReflection() {
    }
}
