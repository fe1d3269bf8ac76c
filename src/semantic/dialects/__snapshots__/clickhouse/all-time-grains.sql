SELECT
  toDate(orders.created_at) AS created_at_day,
  toMonday(orders.created_at) AS created_at_week,
  toStartOfQuarter(orders.created_at) AS created_at_quarter,
  toStartOfYear(orders.created_at) AS created_at_year,
  count(*) AS order_count
FROM orders
GROUP BY toDate(orders.created_at), toMonday(orders.created_at), toStartOfQuarter(orders.created_at), toStartOfYear(orders.created_at)
ORDER BY created_at_day NULLS LAST, created_at_week NULLS LAST, created_at_quarter NULLS LAST, created_at_year NULLS LAST