/**
 * Streaming indicators with TA-Lib's definitions and seeding (SPEC §13): each takes bars one at a
 * time ({@link dev.quarry.indicators.Indicator}), in O(1) and without allocating, and gives {@code
 * NaN} until it is defined.
 */
package dev.quarry.indicators;
