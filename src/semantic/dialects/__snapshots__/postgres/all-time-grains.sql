SELECT
  CAST(orders.created_at AS DATE) AS created_at_day,
  CAST(DATE_TRUNC('week', orders.created_at) AS DATE) AS created_at_week,
  CAST(DATE_TRUNC('quarter', orders.created_at) AS DATE) AS created_at_quarter,
  CAST(DATE_TRUNC('year', orders.created_at) AS DATE) AS created_at_year,
  count(*) AS order_count
FROM orders
GROUP BY CAST(orders.created_at AS DATE), CAST(DATE_TRUNC('week', orders.created_at) AS DATE), CAST(DATE_TRUNC('quarter', orders.created_at) AS DATE), CAST(DATE_TRUNC('year', orders.created_at) AS DATE)
ORDER BY created_at_day NULLS LAST, created_at_week NULLS LAST, created_at_quarter NULLS LAST, created_at_year NULLS LAST