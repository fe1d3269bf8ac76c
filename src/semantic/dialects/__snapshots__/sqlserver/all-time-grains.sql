SELECT
  CAST(orders.created_at AS DATE) AS created_at_day,
  DATEADD(day, -((DATEPART(weekday, orders.created_at) + @@DATEFIRST - 2) % 7), CAST(orders.created_at AS DATE)) AS created_at_week,
  DATEFROMPARTS(YEAR(orders.created_at), (DATEPART(quarter, orders.created_at) - 1) * 3 + 1, 1) AS created_at_quarter,
  DATEFROMPARTS(YEAR(orders.created_at), 1, 1) AS created_at_year,
  count(*) AS order_count
FROM orders
GROUP BY CAST(orders.created_at AS DATE), DATEADD(day, -((DATEPART(weekday, orders.created_at) + @@DATEFIRST - 2) % 7), CAST(orders.created_at AS DATE)), DATEFROMPARTS(YEAR(orders.created_at), (DATEPART(quarter, orders.created_at) - 1) * 3 + 1, 1), DATEFROMPARTS(YEAR(orders.created_at), 1, 1)
ORDER BY CASE WHEN CAST(orders.created_at AS DATE) IS NULL THEN 1 ELSE 0 END, created_at_day, CASE WHEN DATEADD(day, -((DATEPART(weekday, orders.created_at) + @@DATEFIRST - 2) % 7), CAST(orders.created_at AS DATE)) IS NULL THEN 1 ELSE 0 END, created_at_week, CASE WHEN DATEFROMPARTS(YEAR(orders.created_at), (DATEPART(quarter, orders.created_at) - 1) * 3 + 1, 1) IS NULL THEN 1 ELSE 0 END, created_at_quarter, CASE WHEN DATEFROMPARTS(YEAR(orders.created_at), 1, 1) IS NULL THEN 1 ELSE 0 END, created_at_year