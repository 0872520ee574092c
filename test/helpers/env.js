// n8n-core's contexts read and write n8n settings in N8N_USER_FOLDER (default ~/.n8n): keep tests
// out of the user's home.
const os = require('os');
const path = require('path');

process.env.N8N_USER_FOLDER ??= path.join(os.tmpdir(), 'n8n-nodes-badgekit-test');
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';
