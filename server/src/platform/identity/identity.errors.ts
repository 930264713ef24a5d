import type { Catalogue } from '../i18n/index.ts';

export const identityCatalogue: Catalogue = {
  'IDENTITY.UNAUTHENTICATED': { 'zh-CN': '请先登录', en: 'Authentication required' },
  'IDENTITY.FORBIDDEN': {
    'zh-CN': '无权执行此操作（需要权限 {permission}）',
    en: 'Not allowed (needs permission {permission})',
  },
  'IDENTITY.INVALID_CREDENTIALS': { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  'IDENTITY.TOTP_REQUIRED': {
    'zh-CN': '请输入动态口令（TOTP）',
    en: 'A one-time code (TOTP) is required',
  },
  'IDENTITY.TOTP_INVALID': {
    'zh-CN': '动态口令错误或已使用',
    en: 'The one-time code is wrong or already used',
  },
  'IDENTITY.TOTP_NOT_ENROLLED': {
    'zh-CN': '管理员账号必须先绑定动态口令，请联系安全管理员',
    en: 'Administrator accounts must enrol a one-time-code device first; ask the security administrator',
  },
  'IDENTITY.LOCKED': {
    'zh-CN': '登录失败次数过多，账号已锁定，请 {retryAfterSeconds} 秒后再试',
    en: 'Too many failed logins; the account is locked for {retryAfterSeconds} more seconds',
  },
  'IDENTITY.DISABLED': { 'zh-CN': '账号已停用', en: 'The account is disabled' },
  'IDENTITY.TOKEN_INVALID': { 'zh-CN': '访问令牌无效或已过期', en: 'The access token is invalid or expired' },
  'IDENTITY.SESSION_REVOKED': {
    'zh-CN': '会话已注销，请重新登录',
    en: 'The session was ended; log in again',
  },
  'IDENTITY.REFRESH_INVALID': {
    'zh-CN': '刷新令牌无效或已过期',
    en: 'The refresh token is invalid or expired',
  },
  'IDENTITY.REFRESH_REUSED': {
    'zh-CN': '刷新令牌被重复使用，会话已注销，请重新登录',
    en: 'A refresh token was used twice; the session was ended for safety. Log in again',
  },
  'IDENTITY.API_KEY_INVALID': { 'zh-CN': 'API 密钥无效或已吊销', en: 'The API key is invalid or revoked' },
  'IDENTITY.USER_NOT_FOUND': { 'zh-CN': '用户不存在', en: 'User not found' },
  'IDENTITY.API_KEY_NOT_FOUND': { 'zh-CN': 'API 密钥不存在', en: 'API key not found' },
  'IDENTITY.USERNAME_TAKEN': {
    'zh-CN': '用户名 {username} 已被使用',
    en: 'The username {username} is taken',
  },
  'IDENTITY.INVALID_USER': { 'zh-CN': '用户信息有 {count} 处错误', en: 'The user has {count} problem(s)' },
  'IDENTITY.SELF_ROLE_CHANGE': {
    'zh-CN': '不能修改自己的角色（三员分立）',
    en: 'You cannot change your own roles (separation of duties)',
  },
  'RULE.password_policy': {
    'zh-CN': '密码至少 10 位，须同时包含字母和数字',
    en: 'must be at least 10 characters with letters and digits',
  },
  'RULE.unknown_district': {
    'zh-CN': '关区代码 {district} 不存在',
    en: 'district {district} does not exist',
  },
  'RULE.unknown_enterprise': {
    'zh-CN': '企业 {enterpriseCode} 未注册',
    en: 'enterprise {enterpriseCode} is not registered',
  },
  'RULE.role_kind': {
    'zh-CN': '角色 {role} 不适用于{kind}用户',
    en: 'role {role} does not apply to {kind} users',
  },
  'RULE.unknown_scope': { 'zh-CN': '不支持的权限范围 {scope}', en: 'unknown scope {scope}' },
  'AUDIT.INVALID_QUERY': { 'zh-CN': '审计查询条件有误', en: 'The audit query is invalid' },
};
