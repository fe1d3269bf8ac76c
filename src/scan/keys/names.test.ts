import { describe, expect, it } from 'vitest';
import {
  abbreviates,
  columnName,
  isRoleOnlyName,
  personTier,
  singular,
  tableEntity,
  tokens,
} from './names.js';

describe('name analysis', () => {
  it('splits identifiers of every style into lowercase tokens', () => {
    expect(tokens('ShipToAddressID')).toEqual(['ship', 'to', 'address', 'id']);
    expect(tokens('SupportRepId')).toEqual(['support', 'rep', 'id']);
    expect(tokens('ORD_HDR')).toEqual(['ord', 'hdr']);
    expect(tokens('Order Details')).toEqual(['order', 'details']);
    expect(tokens('address2')).toEqual(['address', '2']);
  });

  it('singularises English plurals without mangling singular words', () => {
    expect(
      ['categories', 'addresses', 'orders', 'employees', 'people', 'status', 'address', 'boxes'].map(
        singular,
      ),
    ).toEqual(['category', 'address', 'order', 'employee', 'person', 'status', 'address', 'box']);
  });

  it('derives table entities without warehouse prefixes', () => {
    expect(tableEntity('raw_orders')).toEqual(['order']);
    expect(tableEntity('dim_customer')).toEqual(['customer']);
    expect(tableEntity('SalesOrderHeader')).toEqual(['sales', 'order', 'header']);
    expect(tableEntity('Categories')).toEqual(['category']);
  });

  it('finds the stem of key columns and strips role connectors', () => {
    expect(columnName('customer_id')).toMatchObject({ stem: ['customer'], keyShaped: true });
    expect(columnName('plan_code')).toMatchObject({ stem: ['plan'], keyShaped: true });
    expect(columnName('ID')).toMatchObject({ stem: [], keyShaped: true });
    expect(columnName('customerid')).toMatchObject({ stem: ['customer'], keyShaped: true });
    expect(columnName('ReportsTo')).toMatchObject({ keyShaped: false, core: ['reports'] });
    expect(columnName('assigned_to_id')).toMatchObject({ core: ['assigned'] });
  });

  it('recognises abbreviations by prefix or letter skeleton, not arbitrary overlaps', () => {
    expect(abbreviates('cust', 'customer')).toBe(true);
    expect(abbreviates('mgr', 'manager')).toBe(true);
    expect(abbreviates('ship', 'shipper')).toBe(true);
    expect(abbreviates('cat', 'account')).toBe(false);
    expect(abbreviates('id', 'identity')).toBe(false);
  });

  it('tells people tables apart by name or by their columns', () => {
    expect(personTier(['employee'], [])).toBe('staff');
    expect(personTier(['emp'], [])).toBe('staff');
    expect(personTier(['user'], [])).toBe('user');
    expect(personTier(['actor'], ['actor_id', 'first_name', 'last_name'])).toBe('person');
    expect(personTier(['account'], ['account_id', 'name'])).toBeUndefined();
  });

  it('knows names made only of a role', () => {
    expect(isRoleOnlyName(['origin'])).toBe(true);
    expect(isRoleOnlyName(['ship', 'to'])).toBe(false);
  });
});
