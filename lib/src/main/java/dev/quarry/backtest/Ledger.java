package dev.quarry.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * Cash and the accounts it funds: one strategy's sub-account, or every strategy's with shared cash.
 * The equity curve has a row per ledger.
 */
final class Ledger {
  final String name;
  double cash;
  final List<Account> accounts = new ArrayList<>();

  Ledger(String name, double cash) {
    this.name = name;
    this.cash = cash;
  }

  double positionValue() {
    double value = 0;
    for (Account a : accounts) {
      for (Position p : a.list) {
        value += p.quantity * p.market.price;
      }
    }
    return value;
  }

  double equity() {
    return cash + positionValue();
  }
}
