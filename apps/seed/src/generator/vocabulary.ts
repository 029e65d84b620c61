// Words production job names, images and settings are made of. Kept small and plain ASCII:
// the point is realistic shapes and sizes, not variety of text.

export const TEAMS = [
  'billing',
  'search',
  'payments',
  'growth',
  'data',
  'platform',
  'identity',
  'ml',
  'ads',
  'risk',
  'catalog',
  'shipping',
  'support',
  'analytics',
  'notifications',
  'ledger',
] as const;

export const VERBS = [
  'export',
  'sync',
  'compact',
  'reindex',
  'aggregate',
  'backup',
  'cleanup',
  'refresh',
  'rotate',
  'reconcile',
  'snapshot',
  'purge',
  'rebuild',
  'warm',
  'notify',
  'import',
] as const;

export const NOUNS = [
  'invoices',
  'sessions',
  'orders',
  'search-index',
  'metrics',
  'audit-log',
  'user-profiles',
  'feature-store',
  'ledger-entries',
  'thumbnails',
  'sitemaps',
  'caches',
  'reports',
  'events',
  'tokens',
  'partitions',
] as const;

export const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'] as const;

export const LOG_LEVELS = ['info', 'info', 'info', 'warn', 'debug'] as const;

export const FAILURE_ERRORS = [
  'container exited with code 1',
  'container exited with code 2',
  'OOMKilled: container exceeded its memory limit',
  'ImagePullBackOff: image not found in registry',
  'CrashLoopBackOff: back-off restarting failed container',
  'DeadlineExceeded: pod did not start within 5m',
  'connection refused: database unavailable',
  'context deadline exceeded while calling upstream API',
  'Evicted: the node was low on resource: ephemeral-storage',
] as const;
