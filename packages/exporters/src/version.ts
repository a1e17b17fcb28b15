// The tool name and version written into every manifest (kept equal to package.json by a test).
export const TOOL_NAME = '@tgmcp/exporters';
export const TOOL_VERSION = '0.0.0';
