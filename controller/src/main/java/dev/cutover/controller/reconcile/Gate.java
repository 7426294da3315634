package dev.cutover.controller.reconcile;

/**
 * What the other streams allow this one, computed across streams by the controller: whether a cutover slot is
 * free (plan {@code max_concurrent_cutovers}) and whether it is this stream's turn to be auto-promoted.
 */
public record Gate(boolean cutoverSlotFree, boolean promotionTurn, String reason) {

    public static final Gate OPEN = new Gate(true, true, "");
}
