import type { GoldenCase } from './types.js';

/** Golden cases over the public Chinook dataset (music store: invoices, lines, tracks, playlists). */

// The shared Chinook file dates its invoices from 2021-01-01 to 2025-12-22.
const IN_2022 = "i.InvoiceDate >= '2022-01-01' AND i.InvoiceDate < '2023-01-01'";

export const CHINOOK_CASES: GoldenCase[] = [
  {
    name: 'chinook: revenue by customer country',
    query: { measures: ['invoices.revenue'], dimensions: ['customers.Country'] },
    reference: () =>
      `SELECT c.Country AS Country, SUM(i.Total) AS revenue FROM Invoice i LEFT JOIN Customer c ON c.CustomerId = i.CustomerId GROUP BY c.Country`,
  },
  {
    name: 'chinook: invoices per year',
    query: { measures: ['invoices.invoice_count'], dimensions: ['invoices.InvoiceDate:year'] },
    reference: (h) =>
      `SELECT ${h.year('InvoiceDate')} AS InvoiceDate_year, COUNT(*) AS invoice_count FROM Invoice GROUP BY 1`,
  },
  {
    name: 'chinook: revenue per quarter of 2022',
    query: {
      measures: ['invoices.revenue'],
      dimensions: [{ field: 'invoices.InvoiceDate', granularity: 'quarter' }],
      filters: ["invoices.InvoiceDate >= '2022-01-01' AND invoices.InvoiceDate < '2023-01-01'"],
    },
    reference: (h) =>
      `SELECT ${h.quarter('i.InvoiceDate')} AS InvoiceDate_quarter, SUM(i.Total) AS revenue FROM Invoice i WHERE ${IN_2022} GROUP BY 1`,
  },
  {
    name: 'chinook: invoices per ISO week in March 2023',
    query: {
      measures: ['invoices.invoice_count'],
      dimensions: ['invoices.InvoiceDate:week'],
      filters: ["invoices.InvoiceDate >= '2023-03-01'", "invoices.InvoiceDate < '2023-04-01'"],
    },
    reference: (
      h,
    ) => `SELECT ${h.week('InvoiceDate')} AS InvoiceDate_week, COUNT(*) AS invoice_count FROM Invoice
      WHERE InvoiceDate >= '2023-03-01' AND InvoiceDate < '2023-04-01' GROUP BY 1`,
  },
  {
    name: 'chinook: line revenue by genre (lines → tracks → genres)',
    query: { measures: ['invoice_lines.line_revenue'], dimensions: ['genres.Name'] },
    reference: () => `SELECT g.Name AS Name, SUM(l.UnitPrice * l.Quantity) AS line_revenue FROM InvoiceLine l
      LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN Genre g ON g.GenreId = t.GenreId GROUP BY g.Name`,
  },
  {
    name: 'chinook: units and distinct tracks sold by media type',
    query: {
      measures: ['invoice_lines.units', 'invoice_lines.tracks_sold'],
      dimensions: ['media_types.Name'],
    },
    reference:
      () => `SELECT m.Name AS Name, SUM(l.Quantity) AS units, COUNT(DISTINCT l.TrackId) AS tracks_sold FROM InvoiceLine l
      LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN MediaType m ON m.MediaTypeId = t.MediaTypeId GROUP BY m.Name`,
  },
  {
    name: 'chinook: top 10 artists by track count',
    query: {
      measures: ['tracks.track_count'],
      dimensions: ['artists.Name'],
      order_by: [{ field: 'track_count', direction: 'desc' }],
      limit: 10,
    },
    ordered: true,
    reference:
      () => `SELECT ar.Name AS Name, COUNT(*) AS track_count FROM Track t LEFT JOIN Album al ON al.AlbumId = t.AlbumId
      LEFT JOIN Artist ar ON ar.ArtistId = al.ArtistId GROUP BY ar.Name ORDER BY track_count DESC, ar.Name LIMIT 10`,
  },
  {
    name: 'chinook: customers per support rep (role-playing employee)',
    query: {
      measures: ['customers.customer_count', 'customers.business_customers'],
      dimensions: ['support_rep.LastName'],
    },
    reference:
      () => `SELECT e.LastName AS LastName, COUNT(*) AS customer_count, COUNT(c.Company) AS business_customers
      FROM Customer c LEFT JOIN Employee e ON e.EmployeeId = c.SupportRepId GROUP BY e.LastName`,
  },
  {
    name: 'chinook: employees per manager (self join)',
    query: { measures: ['employees.employee_count'], dimensions: ['manager.LastName'] },
    reference: () =>
      `SELECT m.LastName AS LastName, COUNT(*) AS employee_count FROM Employee e LEFT JOIN Employee m ON m.EmployeeId = e.ReportsTo GROUP BY m.LastName`,
  },
  {
    name: 'chinook: revenue per support rep (through an alias node)',
    query: {
      measures: ['invoices.revenue', 'invoices.revenue_per_buyer'],
      dimensions: ['support_rep.LastName'],
    },
    reference: (
      h,
    ) => `SELECT e.LastName AS LastName, SUM(i.Total) AS revenue, ${h.div('SUM(i.Total)', 'COUNT(DISTINCT i.CustomerId)')} AS revenue_per_buyer
      FROM Invoice i LEFT JOIN Customer c ON c.CustomerId = i.CustomerId LEFT JOIN Employee e ON e.EmployeeId = c.SupportRepId GROUP BY e.LastName`,
  },
  {
    name: 'chinook: segment of big invoices per billing country',
    query: {
      measures: ['invoices.invoice_count'],
      dimensions: ['invoices.BillingCountry'],
      segments: ['invoices.big'],
    },
    reference: () =>
      `SELECT BillingCountry AS BillingCountry, COUNT(*) AS invoice_count FROM Invoice WHERE Total >= 10 GROUP BY BillingCountry`,
  },
  {
    name: 'chinook: runtime aggregate over one source',
    query: {
      measures: ['sum(invoice_lines.UnitPrice * invoice_lines.Quantity)'],
      dimensions: ['genres.Name'],
    },
    reference:
      () => `SELECT g.Name AS Name, SUM(l.UnitPrice * l.Quantity) AS sum_invoice_lines_unitprice_invoice_lines_quantity FROM InvoiceLine l
      LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN Genre g ON g.GenreId = t.GenreId GROUP BY g.Name`,
  },
  {
    name: 'chinook: runtime aggregate reading two sources (owner inferred: lines)',
    query: {
      measures: [
        { name: 'minutes_sold', expr: 'sum(invoice_lines.Quantity * tracks.Milliseconds) / 60000.0' },
      ],
      dimensions: ['genres.Name'],
    },
    reference: (
      h,
    ) => `SELECT g.Name AS Name, ${h.div('SUM(l.Quantity * t.Milliseconds)', '60000.0')} AS minutes_sold FROM InvoiceLine l
      LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN Genre g ON g.GenreId = t.GenreId GROUP BY g.Name`,
  },
  {
    name: 'chinook: result filter and ordering on revenue',
    query: {
      measures: ['invoices.revenue'],
      dimensions: ['customers.Country'],
      filters: ['invoices.revenue > 100'],
      order_by: [{ field: 'invoices.revenue', direction: 'desc' }],
    },
    ordered: true,
    reference:
      () => `SELECT c.Country AS Country, SUM(i.Total) AS revenue FROM Invoice i LEFT JOIN Customer c ON c.CustomerId = i.CustomerId
      GROUP BY c.Country HAVING SUM(i.Total) > 100 ORDER BY revenue DESC, c.Country`,
  },
  {
    name: 'chinook: dimensions only, genre and media type pairs',
    query: { dimensions: ['genres.Name', 'media_types.Name'] },
    reference: () => `SELECT DISTINCT g.Name AS genres_Name, m.Name AS media_types_Name FROM Genre g
      LEFT JOIN Track t ON t.GenreId = g.GenreId LEFT JOIN MediaType m ON m.MediaTypeId = t.MediaTypeId`,
  },
  {
    name: 'chinook: buyers, average, min and max invoice per year',
    query: {
      measures: [
        'invoices.buyers',
        'invoices.avg_invoice',
        'invoices.smallest_invoice',
        'invoices.largest_invoice',
      ],
      dimensions: ['invoices.InvoiceDate:year'],
    },
    reference: (
      h,
    ) => `SELECT ${h.year('InvoiceDate')} AS InvoiceDate_year, COUNT(DISTINCT CustomerId) AS buyers, AVG(Total) AS avg_invoice,
      MIN(Total) AS smallest_invoice, MAX(Total) AS largest_invoice FROM Invoice GROUP BY 1`,
  },
  {
    name: 'chinook: LIKE and IN filters on tracks',
    query: {
      measures: ['tracks.track_count', 'tracks.avg_minutes'],
      dimensions: ['genres.Name'],
      filters: ["tracks.Composer LIKE '%Mercury%' OR genres.Name IN ('Jazz', 'Blues')"],
    },
    reference:
      () => `SELECT g.Name AS Name, COUNT(*) AS track_count, AVG(t.Milliseconds / 60000.0) AS avg_minutes FROM Track t
      LEFT JOIN Genre g ON g.GenreId = t.GenreId WHERE t.Composer LIKE '%Mercury%' OR g.Name IN ('Jazz', 'Blues') GROUP BY g.Name`,
  },
  {
    name: 'chinook: top 5 countries by revenue',
    query: {
      measures: ['invoices.revenue'],
      dimensions: ['invoices.BillingCountry'],
      order_by: [{ field: 'revenue', direction: 'desc' }],
      limit: 5,
    },
    ordered: true,
    reference: () =>
      `SELECT BillingCountry AS BillingCountry, SUM(Total) AS revenue FROM Invoice GROUP BY BillingCountry ORDER BY revenue DESC, BillingCountry LIMIT 5`,
  },
  {
    name: 'chinook: include_empty lists genres without sales',
    query: { measures: ['invoice_lines.units'], dimensions: ['genres.Name'], include_empty: true },
    reference: (
      h,
    ) => `SELECT g.Name AS Name, s.units AS units FROM (SELECT Name FROM Genre UNION SELECT g2.Name FROM InvoiceLine l
        LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN Genre g2 ON g2.GenreId = t.GenreId) g
      LEFT JOIN (SELECT g3.Name, SUM(l.Quantity) AS units FROM InvoiceLine l LEFT JOIN Track t ON t.TrackId = l.TrackId
        LEFT JOIN Genre g3 ON g3.GenreId = t.GenreId GROUP BY g3.Name) s ON ${h.same('s.Name', 'g.Name')}`,
  },
  {
    name: 'chinook: line revenue by invoice month (lines → invoices)',
    query: {
      measures: ['invoice_lines.line_revenue', 'invoice_lines.line_count'],
      dimensions: ['invoices.InvoiceDate:month'],
      filters: [`invoices.InvoiceDate < '2021-07-01'`],
    },
    reference: (
      h,
    ) => `SELECT ${h.month('i.InvoiceDate')} AS InvoiceDate_month, SUM(l.UnitPrice * l.Quantity) AS line_revenue, COUNT(*) AS line_count
      FROM InvoiceLine l LEFT JOIN Invoice i ON i.InvoiceId = l.InvoiceId WHERE i.InvoiceDate < '2021-07-01' GROUP BY 1`,
  },
  {
    name: 'chinook: business customers segment by country and city',
    query: {
      measures: ['customers.customer_count'],
      dimensions: ['customers.Country', 'customers.City'],
      segments: ['customers.business'],
    },
    reference: () =>
      `SELECT Country AS Country, City AS City, COUNT(*) AS customer_count FROM Customer WHERE Company IS NOT NULL GROUP BY Country, City`,
  },
  // ---------------------------------------------------------------- fan traps
  {
    name: 'chinook fan trap: invoice revenue by genre (an invoice counts once per genre it contains)',
    trap: 'fan',
    query: { measures: ['invoices.revenue', 'invoices.invoice_count'], dimensions: ['genres.Name'] },
    reference: () => `SELECT k.Name AS Name, SUM(i.Total) AS revenue, COUNT(*) AS invoice_count FROM Invoice i
      LEFT JOIN (SELECT DISTINCT l.InvoiceId, g.Name FROM InvoiceLine l LEFT JOIN Track t ON t.TrackId = l.TrackId
                 LEFT JOIN Genre g ON g.GenreId = t.GenreId) k ON k.InvoiceId = i.InvoiceId
      GROUP BY k.Name`,
  },
  {
    name: 'chinook fan trap: average invoice by media type',
    trap: 'fan',
    query: { measures: ['invoices.avg_invoice'], dimensions: ['media_types.Name'] },
    reference: () => `SELECT k.Name AS Name, AVG(i.Total) AS avg_invoice FROM Invoice i
      LEFT JOIN (SELECT DISTINCT l.InvoiceId, m.Name FROM InvoiceLine l LEFT JOIN Track t ON t.TrackId = l.TrackId
                 LEFT JOIN MediaType m ON m.MediaTypeId = t.MediaTypeId) k ON k.InvoiceId = i.InvoiceId
      GROUP BY k.Name`,
  },
  {
    name: 'chinook fan trap: customers by genre bought (two one_to_many steps)',
    trap: 'fan',
    query: { measures: ['customers.customer_count'], dimensions: ['genres.Name'] },
    reference: () => `SELECT k.Name AS Name, COUNT(*) AS customer_count FROM Customer c
      LEFT JOIN (SELECT DISTINCT i.CustomerId, g.Name FROM Invoice i LEFT JOIN InvoiceLine l ON l.InvoiceId = i.InvoiceId
                 LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN Genre g ON g.GenreId = t.GenreId) k ON k.CustomerId = c.CustomerId
      GROUP BY k.Name`,
  },
  {
    name: 'chinook fan trap: revenue of invoices containing Jazz (existence filter)',
    trap: 'fan',
    query: { measures: ['invoices.revenue', 'invoices.invoice_count'], filters: ["genres.Name = 'Jazz'"] },
    reference: () => `SELECT SUM(Total) AS revenue, COUNT(*) AS invoice_count FROM Invoice WHERE InvoiceId IN
      (SELECT l.InvoiceId FROM InvoiceLine l JOIN Track t ON t.TrackId = l.TrackId JOIN Genre g ON g.GenreId = t.GenreId WHERE g.Name = 'Jazz')`,
  },
  {
    name: 'chinook fan trap: playlists by genre through the bridge table',
    trap: 'fan',
    query: { measures: ['playlists.playlist_count'], dimensions: ['genres.Name'] },
    reference: () => `SELECT k.Name AS Name, COUNT(*) AS playlist_count FROM Playlist p
      LEFT JOIN (SELECT DISTINCT pt.PlaylistId, g.Name FROM PlaylistTrack pt LEFT JOIN Track t ON t.TrackId = pt.TrackId
                 LEFT JOIN Genre g ON g.GenreId = t.GenreId) k ON k.PlaylistId = p.PlaylistId
      GROUP BY k.Name`,
  },
  {
    name: 'chinook fan trap: artists by genre (artists → albums → tracks)',
    trap: 'fan',
    query: { measures: ['artists.artist_count'], dimensions: ['genres.Name'] },
    reference: () => `SELECT k.Name AS Name, COUNT(*) AS artist_count FROM Artist a
      LEFT JOIN (SELECT DISTINCT al.ArtistId, g.Name FROM Album al LEFT JOIN Track t ON t.AlbumId = al.AlbumId
                 LEFT JOIN Genre g ON g.GenreId = t.GenreId) k ON k.ArtistId = a.ArtistId
      GROUP BY k.Name`,
  },
  // ---------------------------------------------------------------- chasm traps
  {
    name: 'chinook chasm trap: invoice totals and line revenue agree per country',
    trap: 'chasm',
    query: {
      measures: ['invoices.revenue', 'invoice_lines.line_revenue', 'invoice_lines.units'],
      dimensions: ['customers.Country'],
    },
    reference: () => `SELECT c.Country AS Country,
        (SELECT SUM(i.Total) FROM Invoice i JOIN Customer c2 ON c2.CustomerId = i.CustomerId WHERE c2.Country = c.Country) AS revenue,
        (SELECT SUM(l.UnitPrice * l.Quantity) FROM InvoiceLine l JOIN Invoice i ON i.InvoiceId = l.InvoiceId
           JOIN Customer c2 ON c2.CustomerId = i.CustomerId WHERE c2.Country = c.Country) AS line_revenue,
        (SELECT SUM(l.Quantity) FROM InvoiceLine l JOIN Invoice i ON i.InvoiceId = l.InvoiceId
           JOIN Customer c2 ON c2.CustomerId = i.CustomerId WHERE c2.Country = c.Country) AS units
      FROM (SELECT DISTINCT Country FROM Customer) c`,
  },
  {
    name: 'chinook chasm trap: catalogue size and units sold per genre',
    trap: 'chasm',
    query: { measures: ['tracks.track_count', 'invoice_lines.units'], dimensions: ['genres.Name'] },
    reference: (h) => `SELECT d.Name AS Name, COALESCE(t2.n, 0) AS track_count, u.units AS units
      FROM (SELECT g.Name FROM Track t LEFT JOIN Genre g ON g.GenreId = t.GenreId
            UNION SELECT g.Name FROM InvoiceLine l LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN Genre g ON g.GenreId = t.GenreId) d
      LEFT JOIN (SELECT g.Name, COUNT(*) AS n FROM Track t LEFT JOIN Genre g ON g.GenreId = t.GenreId GROUP BY g.Name) t2
        ON ${h.same('t2.Name', 'd.Name')}
      LEFT JOIN (SELECT g.Name, SUM(l.Quantity) AS units FROM InvoiceLine l LEFT JOIN Track t ON t.TrackId = l.TrackId
                 LEFT JOIN Genre g ON g.GenreId = t.GenreId GROUP BY g.Name) u ON ${h.same('u.Name', 'd.Name')}`,
  },
  {
    name: 'chinook chasm trap: customers and invoices per support rep',
    trap: 'chasm',
    query: {
      measures: ['customers.customer_count', 'invoices.invoice_count'],
      dimensions: ['support_rep.LastName'],
    },
    reference: () => `SELECT e.LastName AS LastName,
        (SELECT COUNT(*) FROM Customer c WHERE c.SupportRepId = e.EmployeeId) AS customer_count,
        (SELECT COUNT(*) FROM Invoice i JOIN Customer c ON c.CustomerId = i.CustomerId WHERE c.SupportRepId = e.EmployeeId) AS invoice_count
      FROM Employee e WHERE e.EmployeeId IN (SELECT SupportRepId FROM Customer)`,
  },
  {
    name: 'chinook chasm trap: playlist entries and units sold per genre',
    trap: 'chasm',
    query: { measures: ['playlist_tracks.entries', 'invoice_lines.units'], dimensions: ['genres.Name'] },
    reference: (h) => `SELECT d.Name AS Name, COALESCE(p.n, 0) AS entries, u.units AS units
      FROM (SELECT g.Name FROM PlaylistTrack pt LEFT JOIN Track t ON t.TrackId = pt.TrackId LEFT JOIN Genre g ON g.GenreId = t.GenreId
            UNION SELECT g.Name FROM InvoiceLine l LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN Genre g ON g.GenreId = t.GenreId) d
      LEFT JOIN (SELECT g.Name, COUNT(*) AS n FROM PlaylistTrack pt LEFT JOIN Track t ON t.TrackId = pt.TrackId
                 LEFT JOIN Genre g ON g.GenreId = t.GenreId GROUP BY g.Name) p ON ${h.same('p.Name', 'd.Name')}
      LEFT JOIN (SELECT g.Name, SUM(l.Quantity) AS units FROM InvoiceLine l LEFT JOIN Track t ON t.TrackId = l.TrackId
                 LEFT JOIN Genre g ON g.GenreId = t.GenreId GROUP BY g.Name) u ON ${h.same('u.Name', 'd.Name')}`,
  },
  {
    name: 'chinook chasm trap: revenue per invoice line across two facts (safe division)',
    trap: 'chasm',
    query: {
      measures: [{ name: 'revenue_per_line', expr: 'invoices.revenue / invoice_lines.line_count' }],
      dimensions: ['customers.Country'],
    },
    reference: (h) => `SELECT c.Country AS Country,
        ${h.div(
          '(SELECT SUM(i.Total) FROM Invoice i JOIN Customer c2 ON c2.CustomerId = i.CustomerId WHERE c2.Country = c.Country)',
          `(SELECT COUNT(*) FROM InvoiceLine l JOIN Invoice i ON i.InvoiceId = l.InvoiceId
           JOIN Customer c2 ON c2.CustomerId = i.CustomerId WHERE c2.Country = c.Country)`,
        )} AS revenue_per_line
      FROM (SELECT DISTINCT Country FROM Customer) c`,
  },
  {
    name: 'chinook chasm trap: grand totals across facts',
    trap: 'chasm',
    query: {
      measures: ['invoices.revenue', 'invoice_lines.units', 'tracks.track_count', 'customers.customer_count'],
    },
    reference:
      () => `SELECT (SELECT SUM(Total) FROM Invoice) AS revenue, (SELECT SUM(Quantity) FROM InvoiceLine) AS units,
      (SELECT COUNT(*) FROM Track) AS track_count, (SELECT COUNT(*) FROM Customer) AS customer_count`,
  },
];
