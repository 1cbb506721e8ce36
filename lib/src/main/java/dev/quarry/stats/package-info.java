/**
 * Overfitting statistics and walk-forward folds (SPEC §14), pure math on arrays and times: the
 * probabilistic and deflated Sharpe ratios ({@link dev.quarry.stats.SharpeStats}), the probability
 * of backtest overfitting by combinatorially symmetric cross-validation ({@link
 * dev.quarry.stats.Pbo}) and the walk-forward fold layout ({@link dev.quarry.stats.Folds}).
 */
package dev.quarry.stats;
