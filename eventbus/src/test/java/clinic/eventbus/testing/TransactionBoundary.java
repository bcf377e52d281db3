package clinic.eventbus.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The build's rule that every transaction is opened by {@code clinic.eventbus.Transactions.withTransaction}: a
 * transaction opened any other way commits its outbox rows without publishing them (they wait for the relay's
 * sweep), runs no {@code TransactionParticipant} (a change's audit row) and is not run again when it loses a race.
 * Each module checks its own classes with {@link #check(String)}.
 */
public final class TransactionBoundary {

    /** The types whose {@code withTransaction...} or {@code begin...} opens a transaction beside eventbus'. */
    private static final Set<String> OPENERS = Set.of(
            "io.quarkus.hibernate.reactive.panache.Panache",
            "org.hibernate.reactive.mutiny.Mutiny$SessionFactory",
            "org.hibernate.reactive.mutiny.Mutiny$Session",
            "org.hibernate.reactive.mutiny.Mutiny$StatelessSession",
            "org.hibernate.reactive.stage.Stage$SessionFactory",
            "org.hibernate.reactive.stage.Stage$Session",
            "org.hibernate.reactive.stage.Stage$StatelessSession",
            "io.vertx.mutiny.sqlclient.Pool",
            "io.vertx.mutiny.sqlclient.SqlConnection",
            "io.vertx.mutiny.sqlclient.SqlClientHelper",
            "io.vertx.sqlclient.Pool",
            "io.vertx.sqlclient.SqlConnection",
            "io.vertx.sqlclient.SqlClientHelper");
    private static final String WITH_TRANSACTION = "io.quarkus.hibernate.reactive.panache.common.WithTransaction";
    /** Panache's older name for {@code @WithTransaction}. */
    private static final String REACTIVE_TRANSACTIONAL =
            "io.quarkus.hibernate.reactive.panache.common.runtime.ReactiveTransactional";
    private static final String TRANSACTIONAL = "jakarta.transaction.Transactional";

    /** withTransaction, withTransactionAndAwait, withStatelessTransaction, begin, beginAndAwait..., called or referenced. */
    private static final DescribedPredicate<JavaAccess<?>> OPENS_A_TRANSACTION = DescribedPredicate.describe(
            "opens a transaction (withTransaction..., withStatelessTransaction... or begin... of Panache, Hibernate"
                    + " Reactive or the SQL client)",
            access -> access instanceof JavaCodeUnitAccess<?> codeUnit
                    && (codeUnit.getName().startsWith("withTransaction")
                            || codeUnit.getName().startsWith("withStatelessTransaction")
                            || codeUnit.getName().startsWith("begin"))
                    && OPENERS.stream().anyMatch(opener -> codeUnit.getTargetOwner().isAssignableTo(opener)));

    public static final ArchRule RULE = CompositeArchRule
            .of(noClasses().that().resideOutsideOfPackage("clinic.eventbus..")
                    .should().accessTargetWhere(OPENS_A_TRANSACTION)
                    .because("Transactions.withTransaction publishes the outbox's events once committed, runs the"
                            + " transaction's participants (the audit row) and runs it again when it loses a race")
                    .allowEmptyShould(true))
            .and(noMethods().that().areDeclaredInClassesThat().resideOutsideOfPackage("clinic.eventbus..")
                    .should().beMetaAnnotatedWith(WITH_TRANSACTION)
                    .orShould().beMetaAnnotatedWith(REACTIVE_TRANSACTIONAL)
                    .orShould().beMetaAnnotatedWith(TRANSACTIONAL)
                    .because("an annotated transaction skips Transactions.withTransaction")
                    .allowEmptyShould(true))
            .and(noClasses().that().resideOutsideOfPackage("clinic.eventbus..")
                    .should().beMetaAnnotatedWith(WITH_TRANSACTION)
                    .orShould().beMetaAnnotatedWith(REACTIVE_TRANSACTIONAL)
                    .orShould().beMetaAnnotatedWith(TRANSACTIONAL)
                    .because("an annotated transaction skips Transactions.withTransaction")
                    .allowEmptyShould(true));

    private TransactionBoundary() {
    }

    /** Checks the production classes of {@code rootPackage} (found on the class path, tests left out). */
    public static void check(String rootPackage) {
        RULE.check(ProductionClasses.of(rootPackage));
    }
}
