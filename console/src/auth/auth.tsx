import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, loadTokens, onSessionEnded, saveTokens } from '../api/client.ts';
import type { LoginResponse, Principal } from '../api/types.ts';

interface Auth {
  principal: Principal | undefined;
  loading: boolean;
  login: (username: string, password: string, totp?: string) => Promise<void>;
  logout: () => Promise<void>;
  can: (permission: string | undefined) => boolean;
}

const AuthContext = createContext<Auth | undefined>(undefined);

/** Holds who is signed in: the tokens live in localStorage, the principal comes from /auth/me. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [signedIn, setSignedIn] = useState(() => loadTokens() !== undefined);
  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => api<Principal>('/api/v1/auth/me'),
    enabled: signedIn,
    staleTime: 60_000,
    retry: false,
  });

  useEffect(() => {
    onSessionEnded(() => {
      setSignedIn(false);
      queryClient.clear();
    });
  }, [queryClient]);

  const login = useCallback(
    async (username: string, password: string, totp?: string) => {
      const body = totp ? { username, password, totp } : { username, password };
      const answer = await api<LoginResponse>('/api/v1/auth/login', { method: 'POST', body, auth: false });
      saveTokens({ accessToken: answer.accessToken, refreshToken: answer.refreshToken });
      queryClient.clear();
      queryClient.setQueryData(['me'], answer.principal);
      setSignedIn(true);
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    const tokens = loadTokens();
    if (tokens) {
      await api('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
    }
    saveTokens(undefined);
    setSignedIn(false);
    queryClient.clear();
  }, [queryClient]);

  const value = useMemo<Auth>(() => {
    const principal = signedIn ? me.data : undefined;
    const permissions = new Set(principal?.permissions ?? []);
    return {
      principal,
      loading: signedIn && me.isPending,
      login,
      logout,
      can: (permission) => permission === undefined || permissions.has(permission),
    };
  }, [signedIn, me.data, me.isPending, login, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
