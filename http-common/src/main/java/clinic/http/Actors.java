package clinic.http;

import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import clinic.eventbus.EventCodec;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Records who a request acts for (the verified token's subject) on the request's own Vert.x context, where the
 * events the request causes read it as their {@code actor} ({@link EventCodec#ACTOR}). A request with a token that
 * does not verify fails here, answered 401 like at the role check.
 */
public class Actors {

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Void> recordActor() {
        return identities.getDeferredIdentity().invoke(identity -> {
            Context context = Vertx.currentContext();
            String subject = Caller.subjectOf(identity);
            if (subject != null && context != null && VertxContext.isDuplicatedContext(context)) {
                context.putLocal(EventCodec.ACTOR_LOCAL, subject);
            }
        }).replaceWithVoid();
    }
}
