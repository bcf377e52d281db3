package clinic.eventbus.payload;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A patient's contact details as patient events carry them: sealed (AES-256-GCM) under a key of that patient's
 * own. patient-contact keeps the keys, gives a patient's to the service that keeps a copy of the details (the
 * {@code CONTACT_KEY} question, notifications), and destroys it when the patient is erased: from then on no copy
 * of any of their events (streams and their replicas, outboxes, dead letters, backups) can be read. The patient id
 * is authenticated with the sealed text, so sealed details cannot be passed off as another patient's.
 */
@RegisterForReflection
public record ContactDetails(String name, String email, String phone) {

    private static final String VERSION = "v1.";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A new random key for one patient. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** {@code v1.<base64url(nonce | ciphertext and tag)>}, bound to {@code patientId}. */
    public String seal(String patientId, byte[] key) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, patientId);
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(this));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("Contact details could not be sealed", e);
        }
    }

    /** The details sealed by {@link #seal}; fails for another patient's, a wrong key, or altered text. */
    public static ContactDetails open(String sealed, String patientId, byte[] key) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalArgumentException("not sealed contact details");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
            if (in.length <= NONCE_BYTES) {
                throw new IllegalArgumentException("sealed contact details too short");
            }
            byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, patientId);
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return JSON.readValue(plain, ContactDetails.class);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("contact details that cannot be opened with this key", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String patientId)
            throws GeneralSecurityException {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a contact key is " + KEY_BYTES + " bytes");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(patientId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
