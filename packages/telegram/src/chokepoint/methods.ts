// Which MTProto methods each role may send. Deny by default: a method not listed is refused
// before it leaves the process (the seed guarded by name prefix and let Toggle*, Reset*,
// Accept* and wrappers through).

/** Sent by gramjs to keep a connection alive and configured; allowed for every role. */
export const SERVICE_METHODS: ReadonlySet<string> = new Set([
  'Ping',
  'PingDelayDisconnect',
  'help.GetConfig',
  'help.GetNearestDc',
  'updates.GetState',
  'updates.GetDifference',
  'updates.GetChannelDifference',
  // Cross-DC media downloads: export on the home DC, import on the file's DC.
  'auth.ExportAuthorization',
  'auth.ImportAuthorization',
]);

/** Reads the product performs. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  'users.GetUsers',
  'users.GetFullUser',
  'contacts.ResolveUsername',
  'contacts.GetContacts',
  'messages.GetDialogs',
  'messages.GetPeerDialogs',
  'messages.GetHistory',
  'messages.Search',
  'messages.GetMessages',
  'channels.GetMessages',
  'messages.GetChats',
  'channels.GetChannels',
  'channels.GetFullChannel',
  'messages.GetFullChat',
  'channels.GetParticipants',
  'channels.GetParticipant',
  'messages.CheckChatInvite',
  'upload.GetFile',
  'upload.GetCdnFile',
  'upload.GetCdnFileHashes',
  'upload.GetFileHashes',
]);

/** Writes of the actions role; each needs the write capability. */
export const WRITE_METHODS: ReadonlySet<string> = new Set([
  'messages.SendMessage',
  'messages.SendMedia',
  'upload.SaveFilePart',
  'upload.SaveBigFilePart',
  'channels.InviteToChannel',
  'messages.AddChatUser',
  'channels.EditBanned',
  'messages.DeleteChatUser',
  'channels.JoinChannel',
  'messages.ImportChatInvite',
]);

/** Login: only in the login command, never AcceptLoginToken (that approves a foreign device). */
export const LOGIN_METHODS: ReadonlySet<string> = new Set([
  'auth.SendCode',
  'auth.ResendCode',
  'auth.CancelCode',
  'auth.SignIn',
  'account.GetPassword',
  'auth.CheckPassword',
  'auth.ExportLoginToken',
  'auth.ImportLoginToken',
  'auth.LogOut',
]);

/** Requests that wrap another request; the guard judges what is inside. */
export const WRAPPERS: ReadonlySet<string> = new Set([
  'InvokeWithLayer',
  'InitConnection',
  'InvokeWithoutUpdates',
  'InvokeAfterMsg',
  'InvokeAfterMsgs',
  'InvokeWithTakeout',
  'InvokeWithMessagesRange',
  'InvokeWithBusinessConnection',
  'InvokeWithGooglePlayIntegrity',
  'InvokeWithApnsSecret',
]);

export type Role = 'read' | 'actions' | 'login';
