SELECT
  DATE(orders.created_at) AS created_at_day,
  DATE_SUB(DATE(orders.created_at), INTERVAL WEEKDAY(orders.created_at) DAY) AS created_at_week,
  MAKEDATE(YEAR(orders.created_at), 1) + INTERVAL (QUARTER(orders.created_at) - 1) QUARTER AS created_at_quarter,
  CAST(DATE_FORMAT(orders.created_at, '%Y-01-01') AS DATE) AS created_at_year,
  count(*) AS order_count
FROM orders
GROUP BY DATE(orders.created_at), DATE_SUB(DATE(orders.created_at), INTERVAL WEEKDAY(orders.created_at) DAY), MAKEDATE(YEAR(orders.created_at), 1) + INTERVAL (QUARTER(orders.created_at) - 1) QUARTER, CAST(DATE_FORMAT(orders.created_at, '%Y-01-01') AS DATE)
ORDER BY (DATE(orders.created_at)) IS NULL, created_at_day, (DATE_SUB(DATE(orders.created_at), INTERVAL WEEKDAY(orders.created_at) DAY)) IS NULL, created_at_week, (MAKEDATE(YEAR(orders.created_at), 1) + INTERVAL (QUARTER(orders.created_at) - 1) QUARTER) IS NULL, created_at_quarter, (CAST(DATE_FORMAT(orders.created_at, '%Y-01-01') AS DATE)) IS NULL, created_at_year