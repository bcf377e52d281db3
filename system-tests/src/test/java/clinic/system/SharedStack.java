package clinic.system;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the stack and its gateway once for every test class that uses this extension, and stops them after
 * the last test of the run.
 */
final class SharedStack implements BeforeAllCallback {

    private static Running running;

    record Running(Stack stack, Gateway gateway) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            gateway.close();
            stack.close();
        }
    }

    static Running get() {
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedStack.class) {
            if (running == null) {
                Stack stack = Stack.start();
                try {
                    running = new Running(stack, Gateway.start(stack));
                } catch (Exception | Error e) {
                    stack.close();
                    throw e;
                }
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedStack.class, running);
            }
        }
    }
}
