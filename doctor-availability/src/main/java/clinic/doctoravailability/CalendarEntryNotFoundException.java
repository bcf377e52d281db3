package clinic.doctoravailability;

/** No such doctor, or no such time off of the doctor. */
public class CalendarEntryNotFoundException extends RuntimeException {

    public CalendarEntryNotFoundException(String detail) {
        super(detail);
    }
}
