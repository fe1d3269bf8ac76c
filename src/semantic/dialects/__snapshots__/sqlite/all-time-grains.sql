SELECT
  DATE(orders.created_at) AS created_at_day,
  DATE(orders.created_at, '-6 days', 'weekday 1') AS created_at_week,
  DATE(orders.created_at, 'start of month', '-' || ((CAST(STRFTIME('%m', orders.created_at) AS INTEGER) - 1) % 3) || ' months') AS created_at_quarter,
  DATE(orders.created_at, 'start of year') AS created_at_year,
  count(*) AS order_count
FROM orders
GROUP BY DATE(orders.created_at), DATE(orders.created_at, '-6 days', 'weekday 1'), DATE(orders.created_at, 'start of month', '-' || ((CAST(STRFTIME('%m', orders.created_at) AS INTEGER) - 1) % 3) || ' months'), DATE(orders.created_at, 'start of year')
ORDER BY created_at_day NULLS LAST, created_at_week NULLS LAST, created_at_quarter NULLS LAST, created_at_year NULLS LAST