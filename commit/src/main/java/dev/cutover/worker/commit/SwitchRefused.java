package dev.cutover.worker.commit;

/**
 * A metastore call of a commit that its {@link StorageFence} refused: the commit must still wait for older
 * writers' leases, its own lease has ended, or a newer epoch owns the hour. The message says which and what
 * happens next.
 */
public final class SwitchRefused extends RuntimeException {

    public SwitchRefused(String reason) {
        super(reason, null, false, false);
    }
}
