SELECT
  CAST(orders.created_at AS DATE) AS created_at_day,
  DATE_TRUNC(CAST(orders.created_at AS DATE), ISOWEEK) AS created_at_week,
  DATE_TRUNC(CAST(orders.created_at AS DATE), QUARTER) AS created_at_quarter,
  DATE_TRUNC(CAST(orders.created_at AS DATE), YEAR) AS created_at_year,
  count(*) AS order_count
FROM orders
GROUP BY CAST(orders.created_at AS DATE), DATE_TRUNC(CAST(orders.created_at AS DATE), ISOWEEK), DATE_TRUNC(CAST(orders.created_at AS DATE), QUARTER), DATE_TRUNC(CAST(orders.created_at AS DATE), YEAR)
ORDER BY created_at_day NULLS LAST, created_at_week NULLS LAST, created_at_quarter NULLS LAST, created_at_year NULLS LAST